import http from 'http';
import type { AddressInfo } from 'net';

export interface RecordedForgeRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** The JSON body, when there was one. */
  body?: any;
}

/** A changed file: a name, or the fields a forge lists (a rename has `previous_filename`). */
export type ForgeTestFile =
  | string
  | { filename: string; previous_filename?: string; status?: string };

interface Failure {
  pattern: string | RegExp;
  /** An HTTP status, or `disconnect` to cut the connection without an answer. */
  status: number | 'disconnect';
  remaining: number;
}

/** GitHub's largest page, and the most files it lists of a pull request. */
const GITHUB_MAX_PER_PAGE = 100;
const GITHUB_MAX_FILES = 3000;
const GITHUB_DEFAULT_PER_PAGE = 30;
/** Gitea's default page and largest page (`[api] MAX_RESPONSE_ITEMS`). */
const GITEA_DEFAULT_LIMIT = 30;
/** GitHub refuses a longer status description. */
const GITHUB_DESCRIPTION_MAX_CHARS = 140;

const FILES_ROUTE =
  /^(\/api\/v1)?\/repos\/([^/]+)\/([^/]+)\/pulls\/([^/]+)\/files$/;
const STATUSES_ROUTE =
  /^(\/api\/v1)?\/repos\/([^/]+)\/([^/]+)\/statuses\/([^/]+)$/;

/**
 * A small forge for tests, on 127.0.0.1: GitHub's routes at its root and Gitea's under
 * `/api/v1`, each listing a pull request's files (`GET /repos/:o/:r/pulls/:n/files`) with
 * that forge's pagination and taking commit statuses (`POST /repos/:o/:r/statuses/:sha`). It
 * records every request, answered or failed, and can fail the next requests to a path.
 */
export class ForgeTestServer {
  /** Every request, in order, failed ones included. */
  readonly requests: RecordedForgeRequest[] = [];
  private readonly files = new Map<string, ForgeTestFile[]>();
  private readonly failures: Failure[] = [];
  private nextStatusId = 1;

  private readonly server = http.createServer((req, res) => {
    this.handle(req, res).catch(() => res.destroy());
  });
  private baseUrl = '';

  private constructor(private readonly giteaMaxPageSize: number) {}

  static async start(
    options: {
      /** Gitea's `[api] MAX_RESPONSE_ITEMS`: a larger `limit` is cut to this. */
      giteaMaxPageSize?: number;
    } = {},
  ): Promise<ForgeTestServer> {
    const forge = new ForgeTestServer(options.giteaMaxPageSize ?? 50);
    await new Promise<void>(resolve =>
      forge.server.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = forge.server.address() as AddressInfo;
    forge.baseUrl = `http://127.0.0.1:${port}`;
    return forge;
  }

  /** e.g. `http://127.0.0.1:41234`; GitHub's API base. */
  get url(): string {
    return this.baseUrl;
  }

  get githubApiBaseUrl(): string {
    return this.url;
  }

  get giteaApiBaseUrl(): string {
    return `${this.url}/api/v1`;
  }

  /** The files of a pull request, on both forges. */
  setFiles(
    owner: string,
    repo: string,
    number: number,
    files: ForgeTestFile[],
  ): void {
    this.files.set(pullRequestKey(owner, repo, String(number)), files);
  }

  /**
   * Answers the next `times` requests whose path (without the query) contains `pathPattern`,
   * or matches it, with `status` instead of the real answer.
   */
  failNext(
    pathPattern: string | RegExp,
    status: number | 'disconnect',
    times = 1,
  ): void {
    this.failures.push({ pattern: pathPattern, status, remaining: times });
  }

  /** The recorded requests whose path contains, or matches, a pattern. */
  requestsTo(pathPattern: string | RegExp): RecordedForgeRequest[] {
    return this.requests.filter(request => matches(pathPattern, request.path));
  }

  async close(): Promise<void> {
    // fetch keeps connections open for reuse; they would hold `close` until they time out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close(error => (error ? reject(error) : resolve())),
    );
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.url);
    const text = await readBody(req);
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    });

    const failure = this.failures.find(
      ({ pattern, remaining }) =>
        remaining > 0 && matches(pattern, url.pathname),
    );
    if (failure) {
      failure.remaining--;
      if (failure.status === 'disconnect') {
        req.socket.destroy();
        return;
      }
      send(res, failure.status, {
        message: `injected failure ${failure.status}`,
      });
      return;
    }

    const filesRoute = FILES_ROUTE.exec(url.pathname);
    if (filesRoute && req.method === 'GET') {
      const [, gitea, owner, repo, number] = filesRoute;
      const files = this.files.get(pullRequestKey(owner, repo, number));
      if (!files) {
        send(res, 404, { message: 'Not Found' });
        return;
      }
      const items = files.map(toFileItem);
      if (gitea) this.giteaFilesPage(res, items, url.searchParams);
      else githubFilesPage(res, items, url.searchParams);
      return;
    }

    const statusesRoute = STATUSES_ROUTE.exec(url.pathname);
    if (statusesRoute && req.method === 'POST') {
      const [, gitea] = statusesRoute;
      const states = gitea
        ? ['pending', 'success', 'error', 'failure', 'warning']
        : ['pending', 'success', 'error', 'failure'];
      if (!states.includes(body?.state)) {
        send(res, 422, { message: 'Validation Failed' });
        return;
      }
      if (
        !gitea &&
        Array.from(String(body.description ?? '')).length >
          GITHUB_DESCRIPTION_MAX_CHARS
      ) {
        send(res, 422, {
          message:
            'Validation Failed: description is too long (maximum is 140 characters)',
        });
        return;
      }
      send(res, 201, { id: this.nextStatusId++, ...body });
      return;
    }

    send(res, 404, { message: 'Not Found' });
  }

  /** Gitea: `page` from 1 (0 is 1), `limit` cut to the largest page, and paging headers. */
  private giteaFilesPage(
    res: http.ServerResponse,
    items: object[],
    query: URLSearchParams,
  ) {
    const page = Math.max(1, Number(query.get('page')) || 1);
    const asked = Number(query.get('limit')) || GITEA_DEFAULT_LIMIT;
    const limit = Math.min(asked, this.giteaMaxPageSize);
    const pageCount = Math.ceil(items.length / limit);
    send(res, 200, items.slice((page - 1) * limit, page * limit), {
      'X-Total-Count': String(items.length),
      'X-Page': String(page),
      'X-PerPage': String(limit),
      'X-PageCount': String(pageCount),
      'X-HasMore': String(page < pageCount),
    });
  }
}

/** GitHub: `page` from 1, `per_page` up to 100, and never more than 3000 files in all. */
function githubFilesPage(
  res: http.ServerResponse,
  items: object[],
  query: URLSearchParams,
) {
  const page = Math.max(1, Number(query.get('page')) || 1);
  const perPage = Math.min(
    GITHUB_MAX_PER_PAGE,
    Number(query.get('per_page')) || GITHUB_DEFAULT_PER_PAGE,
  );
  const listed = items.slice(0, GITHUB_MAX_FILES);
  send(res, 200, listed.slice((page - 1) * perPage, page * perPage));
}

function pullRequestKey(owner: string, repo: string, number: string) {
  return `${decodeURIComponent(owner)}/${decodeURIComponent(repo)}#${number}`;
}

function matches(pattern: string | RegExp, path: string) {
  return typeof pattern === 'string'
    ? path.includes(pattern)
    : pattern.test(path);
}

/** A file as GitHub and Gitea list it. */
function toFileItem(file: ForgeTestFile) {
  if (typeof file !== 'string')
    return {
      status: file.previous_filename ? 'renamed' : 'modified',
      additions: 0,
      deletions: 0,
      changes: 0,
      ...file,
    };
  return {
    filename: file,
    status: 'modified',
    additions: 1,
    deletions: 0,
    changes: 1,
  };
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
