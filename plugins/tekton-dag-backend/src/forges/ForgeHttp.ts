import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { ForgeRequestError } from './errors';
import { RetryOptions, withRetries } from './retry';

/** What the GitHub and Gitea clients are made with. */
export interface ForgeHttpClientOptions {
  /** The forge's host: names the forge in messages and logs. */
  host: string;
  apiBaseUrl: string;
  token?: string;
  logger: LoggerService;
  /** Overrides of the default 5 tries, 500 ms first wait, 30 s longest wait. */
  retry?: Partial<Pick<RetryOptions, 'attempts' | 'baseMs' | 'maxMs'>>;
  /** The longest wait for one answer; default 30 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** The most of a forge's error message that goes into ours. */
const REASON_MAX_CHARS = 200;

type Query = Record<string, string | number>;

/**
 * JSON over HTTP to one forge's API, with retries: a network error, a timeout, a 429 or a 5xx
 * is tried again; any other answer is final. A failure becomes a `ForgeRequestError` naming
 * the forge, the method and the path. The token is sent in the forge's headers only: it is
 * removed from anything the forge or the network says before that goes into a message.
 */
export class ForgeHttp {
  private readonly apiBaseUrl: string;

  constructor(
    private readonly options: ForgeHttpClientOptions & {
      /** e.g. `GitHub github.com` */
      forgeName: string;
      /** The forge's headers, its authentication included. */
      headers: Record<string, string>;
    },
  ) {
    this.apiBaseUrl = options.apiBaseUrl.replace(/\/+$/, '');
  }

  /**
   * A request whose answer is JSON. A 404 becomes a `NotFoundError` with the given message
   * when there is one (the thing asked for is missing, or the token may not see it).
   */
  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Query; body?: object; notFound?: string } = {},
  ): Promise<{ body: T; headers: Headers }> {
    const target = options.query
      ? `${path}?${new URLSearchParams(stringValues(options.query))}`
      : path;
    try {
      return await withRetries(
        () => this.send<T>(method, target, options.body),
        {
          ...this.options.retry,
          isRetryable: isRetryableForgeError,
          minDelayMs: error => (error as ForgeRequestError).retryAfterMs,
          onRetry: (error, { delayMs }) =>
            this.options.logger.warn(
              `${(error as Error).message}; trying again in ${delayMs} ms`,
            ),
        },
      );
    } catch (error) {
      if (
        options.notFound &&
        error instanceof ForgeRequestError &&
        error.status === 404
      )
        throw new NotFoundError(options.notFound, error);
      throw error;
    }
  }

  private async send<T>(
    method: 'GET' | 'POST',
    target: string,
    body: object | undefined,
  ): Promise<{ body: T; headers: Headers }> {
    const { forgeName, headers } = this.options;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.apiBaseUrl}${target}`, {
        method,
        headers:
          body === undefined
            ? headers
            : { ...headers, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Read inside the try: a connection cut while the body arrives is a network error too.
      text = await response.text();
    } catch (error) {
      const reason =
        (error as Error)?.name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : networkReason(error);
      throw new ForgeRequestError(
        this.scrub(
          `${forgeName} did not answer ${method} ${target}: ${reason}`,
        ),
        undefined,
      );
    }
    if (!response.ok) {
      const reason = reasonOf(text);
      throw new ForgeRequestError(
        this.scrub(
          `${forgeName} answered ${response.status} to ${method} ${target}${
            reason ? `: ${reason}` : ''
          }`,
        ),
        response.status,
        retryAfterMs(response.headers.get('retry-after')),
      );
    }
    try {
      return {
        body: (text ? JSON.parse(text) : undefined) as T,
        headers: response.headers,
      };
    } catch {
      throw new ForgeRequestError(
        `${forgeName} answered ${method} ${target} with something other than JSON`,
        response.status,
      );
    }
  }

  /** Removes the token from text that came from elsewhere (the forge, the network). */
  private scrub(text: string): string {
    const { token } = this.options;
    return token ? text.split(token).join('***') : text;
  }
}

/** Tried again: no answer at all, too many requests, or the forge failing (5xx). */
function isRetryableForgeError(error: unknown): boolean {
  if (!(error instanceof ForgeRequestError)) return false;
  const { status } = error;
  return status === undefined || status === 429 || status >= 500;
}

/** `/repos/{owner}/{repo}`, the same on GitHub and Gitea. */
export function repoPath(ref: { owner: string; repo: string }): string {
  if (!ref.owner || !ref.repo)
    throw new InputError('A repository needs an owner and a name');
  return `/repos/${encodeURIComponent(ref.owner)}/${encodeURIComponent(
    ref.repo,
  )}`;
}

export function pullRequestPath(pr: {
  owner: string;
  repo: string;
  number: number;
}): string {
  if (!Number.isSafeInteger(pr.number) || pr.number < 1)
    throw new InputError(
      `A pull request number must be a positive integer, not ${pr.number}`,
    );
  return `${repoPath(pr)}/pulls/${pr.number}`;
}

/** The file names of a page of changed files (GitHub and Gitea name them alike). */
export function fileNamesOf(
  page: unknown,
  describe: () => string,
): Array<{ filename: string; previous_filename?: string }> {
  if (!Array.isArray(page))
    throw new Error(`${describe()} was not a list of files`);
  return page.filter(item => typeof item?.filename === 'string');
}

/** Keeps a description within `max` characters, ending it with `…` when cut. */
export function truncate(text: string, max: number): string {
  // By code point, so that a cut never splits a character in two.
  const characters = Array.from(text);
  return characters.length <= max
    ? text
    : `${characters.slice(0, max - 1).join('')}…`;
}

function stringValues(query: Query): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key, String(value)]),
  );
}

/** fetch says only "fetch failed": the reason is in its cause (ECONNREFUSED, a reset). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return cause?.code ?? cause?.message ?? String((error as Error)?.message);
}

/** The `message` of a GitHub or Gitea error body, or the start of any other text. */
function reasonOf(text: string): string | undefined {
  let reason: unknown = text;
  try {
    reason = JSON.parse(text)?.message;
  } catch {
    // Not JSON (a proxy's page): the text itself.
  }
  if (typeof reason !== 'string' || reason.trim() === '') return undefined;
  return truncate(reason.trim().replace(/\s+/g, ' '), REASON_MAX_CHARS);
}

/** `Retry-After` in seconds or as an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
