export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the first retry; it doubles with each retry. */
  baseMs: number;
  /** The longest wait between two tries. */
  maxMs: number;
  isRetryable(error: unknown): boolean;
  /** How long a failure asked to wait (an HTTP `Retry-After`): the wait is at least that. */
  minDelayMs?(error: unknown): number | undefined;
  /** Told before each retry, e.g. to log it. */
  onRetry?(error: unknown, retry: { attempt: number; delayMs: number }): void;
  /** Replaceable in tests. */
  sleep?(ms: number): Promise<void>;
  /** Replaceable in tests: a number in [0, 1). */
  random?(): number;
}

export const DEFAULT_RETRY_OPTIONS = {
  attempts: 5,
  baseMs: 500,
  maxMs: 30_000,
} as const;

const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Calls `fn` until it succeeds, it fails with an error that is not retryable, or `attempts`
 * tries have failed; the last error is thrown. Waits grow exponentially from `baseMs` up to
 * `maxMs`, each one between half and all of that: the jitter keeps many callers that failed
 * together (a forge's outage) from all coming back at the same moment.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: Partial<RetryOptions> & Pick<RetryOptions, 'isRetryable'>,
): Promise<T> {
  const { attempts, baseMs, maxMs } = { ...DEFAULT_RETRY_OPTIONS, ...options };
  const wait = options.sleep ?? sleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !options.isRetryable(error)) throw error;
      const backoff = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + (random() * backoff) / 2;
      const delayMs = Math.round(
        Math.min(maxMs, Math.max(jittered, options.minDelayMs?.(error) ?? 0)),
      );
      options.onRetry?.(error, { attempt, delayMs });
      await wait(delayMs);
    }
  }
}
