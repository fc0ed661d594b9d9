import http from 'http';
import type { AddressInfo } from 'net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: any;
}

/**
 * A stand-in for the tekton-dag backend's REST API (`/api/tekton-dag`): records each request,
 * answers a POST of a run with 201 and the run, and each GET of it with the next status of
 * `statuses` (the last one repeating).
 */
export async function startFakeTektonDagApi(
  options: {
    statuses?: string[];
    /** Answers the POST with this status code and error body instead. */
    failPost?: {
      status: number;
      message: string;
      /** Only the first this many POSTs (default: all). */
      times?: number;
    };
  } = {},
) {
  const requests: RecordedRequest[] = [];
  let statuses = [...(options.statuses ?? ['Running', 'Succeeded'])];
  let runs = 0;
  let failedPosts = 0;
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', chunk => {
      text += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      requests.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const post = path.match(
        /^\/api\/tekton-dag\/entities\/([^/]+)\/([^/]+)\/([^/]+)\/runs$/,
      );
      if (req.method === 'POST' && post) {
        if (
          options.failPost &&
          failedPosts < (options.failPost.times ?? Infinity)
        ) {
          failedPosts += 1;
          send(options.failPost.status, {
            error: { name: 'NotFoundError', message: options.failPost.message },
            request: { method: 'POST', url: path },
            response: { statusCode: options.failPost.status },
          });
          return;
        }
        runs += 1;
        const body = JSON.parse(text);
        send(201, {
          id: `run-${runs}`,
          name: `${body.pipeline}-abcd${runs}`,
          namespace: 'shop',
          cluster: 'local',
          pipeline: body.pipeline,
          status: 'Pending',
          params: body.params ?? {},
        });
        return;
      }
      const get = path.match(/^\/api\/tekton-dag\/runs\/([^/]+)$/);
      if (req.method === 'GET' && get) {
        const status = statuses.length > 1 ? statuses.shift()! : statuses[0];
        send(200, { id: get[1], name: 'whatever', status });
        return;
      }
      send(404, { error: { name: 'NotFoundError', message: 'no route' } });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/tekton-dag`,
    requests,
    setStatuses(next: string[]) {
      statuses = [...next];
    },
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
