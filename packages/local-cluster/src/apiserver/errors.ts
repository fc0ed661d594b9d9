/** A Kubernetes API error, answered as a `metav1.Status` object. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }
}

export const notFound = (resource: string, name: string, group = '') =>
  new ApiError(
    404,
    'NotFound',
    `${resource}${group ? `.${group}` : ''} "${name}" not found`,
    {
      name,
      group,
      kind: resource,
    },
  );

export const alreadyExists = (resource: string, name: string, group = '') =>
  new ApiError(
    409,
    'AlreadyExists',
    `${resource}${group ? `.${group}` : ''} "${name}" already exists`,
    {
      name,
      group,
      kind: resource,
    },
  );

export const conflict = (resource: string, name: string, group = '') =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resource}${
      group ? `.${group}` : ''
    } "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource },
  );

export const invalid = (kind: string, name: string, message: string) =>
  new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${message}`, {
    name,
    kind,
  });

export const badRequest = (message: string) =>
  new ApiError(400, 'BadRequest', message);

export const expired = (message: string) =>
  new ApiError(410, 'Expired', message);

export const unauthorized = () =>
  new ApiError(401, 'Unauthorized', 'Unauthorized');
