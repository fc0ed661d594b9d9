import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Checks one of tekton-dag's permissions for a caller (an HTTP request's or an action's
 * credentials); anything but ALLOW is a NotAllowedError that names what was refused.
 */
export async function authorizeCaller(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission | ResourcePermission,
  resourceRef?: string,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [
      resourceRef
        ? { permission: permission as ResourcePermission, resourceRef }
        : { permission: permission as BasicPermission },
    ],
    { credentials },
  );
  if (decision?.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You are not allowed to ${permission.name
        .replace('tekton-dag.', '')
        .replace('.', ' ')}`,
    );
  }
}

/** The caller's user entity ref, when the caller is a user (not a service). */
export function userOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  return principal?.type === 'user' ? principal.userEntityRef : undefined;
}
