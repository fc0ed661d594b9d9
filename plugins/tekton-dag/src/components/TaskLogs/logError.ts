import { ResponseError } from '@backstage/errors';

/** Why a log could not be read, as far as the UI explains it. */
export type LogErrorKind = 'notFound' | 'notAllowed' | 'other';

function httpStatus(error: unknown): number | undefined {
  if (ResponseError.is(error)) return error.statusCode;
  // Errors from other clients or fakes carry the status in one of these places.
  const e = error as {
    statusCode?: unknown;
    response?: { status?: unknown };
  } | null;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (typeof e?.response?.status === 'number') return e.response.status;
  return undefined;
}

/** Classifies a failed log request by HTTP status, or by error name when there is none. */
export function logErrorKind(error: unknown): LogErrorKind {
  const status = httpStatus(error);
  const name = (error as { name?: unknown } | null)?.name;
  if (status === 404 || (status === undefined && name === 'NotFoundError'))
    return 'notFound';
  if (status === 403 || (status === undefined && name === 'NotAllowedError'))
    return 'notAllowed';
  return 'other';
}
