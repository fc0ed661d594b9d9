import { createHash } from 'crypto';
import type { ArgoCdApplication } from './toGitOpsApplication';

/**
 * What a change of an Application is compared by: a digest of the Application without the
 * fields Argo CD rewrites on every reconciliation, so a periodic comparison that changed nothing
 * tells no browser. A digest, not the text, because a source keeps one per Application.
 */
export function applicationFingerprint(app: ArgoCdApplication): string {
  const {
    reconciledAt: _r,
    observedAt: _o,
    ...status
  } = (app.status ?? {}) as Record<string, unknown>;
  return createHash('sha256')
    .update(
      JSON.stringify([app.metadata.labels, app.spec, app.operation, status]),
    )
    .digest('base64');
}
