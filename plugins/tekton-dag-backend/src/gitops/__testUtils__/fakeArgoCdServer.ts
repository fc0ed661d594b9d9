import http from 'http';
import type { AddressInfo } from 'net';
import { parseLabelSelector } from '@tekton-dag/plugin-tekton-dag-common';
import type { ArgoCdApplication } from '../toGitOpsApplication';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  body?: any;
}

export interface FakeArgoCd {
  url: string;
  /** The Applications it serves, by name; tests change them freely. */
  applications: Map<string, ArgoCdApplication>;
  requests: RecordedRequest[];
  /** The next answer to any request, instead of the real one (then back to normal). */
  failNext?: { status: number; body: unknown };
  close(): Promise<void>;
}

/** gRPC-gateway's error body, as Argo CD answers errors. */
const grpcError = (code: number, message: string) => ({
  error: message,
  code,
  message,
});

/**
 * A small Argo CD API server for tests: `GET /api/v1/applications` (selector, name,
 * appNamespace), `GET /api/v1/applications/:name` (refresh), `POST
 * /api/v1/applications/:name/sync`, with Argo CD's JSON shapes, statuses and bearer tokens.
 */
export async function startFakeArgoCdServer(options: {
  token: string;
  applications?: ArgoCdApplication[];
}): Promise<FakeArgoCd> {
  const fake: FakeArgoCd = {
    url: '',
    applications: new Map(
      (options.applications ?? []).map(app => [app.metadata.name, app]),
    ),
    requests: [],
    close: async () => {},
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        authorization: req.headers.authorization,
        body: text ? JSON.parse(text) : undefined,
      };
      fake.requests.push(recorded);
      if (fake.failNext) {
        const { status, body } = fake.failNext;
        fake.failNext = undefined;
        send(res, status, body);
        return;
      }
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        send(
          res,
          401,
          grpcError(16, 'invalid session: token signature is invalid'),
        );
        return;
      }
      const inNamespace = (app: ArgoCdApplication) =>
        !recorded.query.appNamespace ||
        app.metadata.namespace === recorded.query.appNamespace;

      if (req.method === 'GET' && url.pathname === '/api/v1/applications') {
        const matches = recorded.query.selector
          ? parseLabelSelector(recorded.query.selector)
          : () => true;
        const items = [...fake.applications.values()].filter(
          app =>
            inNamespace(app) &&
            (!recorded.query.name ||
              app.metadata.name === recorded.query.name) &&
            matches(app.metadata.labels ?? {}),
        );
        // Argo CD answers null, not [], when nothing matches.
        send(res, 200, {
          metadata: { resourceVersion: '100' },
          items: items.length ? items : null,
        });
        return;
      }
      const match = url.pathname.match(
        /^\/api\/v1\/applications\/([^/]+)(\/sync)?$/,
      );
      const app = match && fake.applications.get(decodeURIComponent(match[1]));
      if (!match || !app || !inNamespace(app)) {
        // Argo CD's answer to a missing Application.
        send(
          res,
          404,
          grpcError(
            5,
            `applications.argoproj.io "${
              match?.[1] ?? url.pathname
            }" not found`,
          ),
        );
        return;
      }
      if (req.method === 'GET' && !match[2]) {
        send(res, 200, app);
        return;
      }
      if (req.method === 'POST' && match[2]) {
        if (app.status?.operationState?.phase === 'Running') {
          send(
            res,
            400,
            grpcError(9, 'another operation is already in progress'),
          );
          return;
        }
        app.status = {
          ...app.status,
          operationState: {
            phase: 'Running',
            startedAt: new Date().toISOString(),
            operation: {
              sync: { revision: recorded.body?.revision },
              initiatedBy: { username: 'portal-account' },
            },
          },
        };
        send(res, 200, app);
        return;
      }
      send(res, 405, grpcError(12, 'method not allowed'));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
