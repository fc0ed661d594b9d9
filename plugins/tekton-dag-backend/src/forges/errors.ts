import { CustomErrorBase } from '@backstage/errors';

/**
 * A forge refused a request (`status` is the HTTP status) or did not answer it (`status` is
 * undefined: a network error or a timeout). The message names the forge, the method and the
 * path, never a token.
 */
export class ForgeRequestError extends CustomErrorBase {
  name = 'ForgeRequestError' as const;

  constructor(
    message: string,
    readonly status: number | undefined,
    /** How long the forge asked to be left alone (`Retry-After`), if it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
