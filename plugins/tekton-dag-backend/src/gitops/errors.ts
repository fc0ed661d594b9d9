import { CustomErrorBase } from '@backstage/errors';

/**
 * Argo CD (or the cluster holding its Applications) refused or failed a request the portal
 * made on a user's behalf: a 502, since the user's own request was fine. The message names the
 * instance or cluster and the HTTP status, never a token.
 */
export class GitOpsUpstreamError extends CustomErrorBase {
  name = 'GitOpsUpstreamError' as const;
  /** Read by Backstage's error handler. */
  readonly statusCode = 502;
}
