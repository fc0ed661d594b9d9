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
  /**
   * The Applications it serves, by name. Tests change them freely; through `update` and
   * `remove`, open watch streams hear of it.
   */
  applications: Map<string, ArgoCdApplication>;
  /** The REST requests (not the watch streams). */
  requests: RecordedRequest[];
  /** The watch streams asked for (`GET /api/v1/stream/applications`), refused ones too. */
  streamRequests: RecordedRequest[];
  /** How many watch streams are open now. */
  openStreams(): number;
  /** How streams opened from now on are framed: JSON lines (grpc-gateway) or Server-Sent Events. */
  streamFraming: 'json-lines' | 'event-stream';
  /** The next answer to any REST request, instead of the real one (then back to normal). */
  failNext?: { status: number; body: unknown };
  /** Changes an Application (or adds it, when `fn` returns one for a new name): MODIFIED or ADDED. */
  update(
    name: string,
    fn: (app: ArgoCdApplication | undefined) => ArgoCdApplication | void,
  ): void;
  /** Deletes an Application: DELETED, with the Application as it was. */
  remove(name: string): void;
  /** Ends every open watch stream, after an `{"error"}` line when `error` is given. */
  endStreams(error?: string): void;
  close(): Promise<void>;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** gRPC-gateway's error body, as Argo CD answers errors. */
const grpcError = (code: number, message: string) => ({
  error: message,
  code,
  message,
});

/**
 * A small Argo CD API server for tests: `GET /api/v1/applications` (selector, name,
 * appNamespace), `GET /api/v1/applications/:name` (refresh), `POST
 * /api/v1/applications/:name/sync` and the watch stream `GET /api/v1/stream/applications`
 * (appNamespace), with Argo CD's JSON shapes, statuses and bearer tokens.
 */
export async function startFakeArgoCdServer(options: {
  token: string;
  applications?: ArgoCdApplication[];
}): Promise<FakeArgoCd> {
  /** Open watch streams, with how each frames events and which namespace it wants. */
  const streams = new Map<
    http.ServerResponse,
    { framing: FakeArgoCd['streamFraming']; appNamespace?: string }
  >();
  const frame = (
    framing: FakeArgoCd['streamFraming'],
    message: object,
  ): string =>
    framing === 'event-stream'
      ? `data: ${JSON.stringify(message)}\n\n`
      : `${JSON.stringify(message)}\n`;
  const emit = (type: EventType, application: ArgoCdApplication) => {
    for (const [res, { framing, appNamespace }] of streams)
      if (!appNamespace || application.metadata.namespace === appNamespace)
        res.write(frame(framing, { result: { type, application } }));
  };

  const fake: FakeArgoCd = {
    url: '',
    applications: new Map(
      (options.applications ?? []).map(app => [app.metadata.name, app]),
    ),
    requests: [],
    streamRequests: [],
    openStreams: () => streams.size,
    streamFraming: 'json-lines',
    update(name, fn) {
      const current = fake.applications.get(name);
      // A copy, as Argo CD's objects change only through updates.
      const copy = current && JSON.parse(JSON.stringify(current));
      const updated = fn(copy) ?? copy;
      if (!updated) throw new Error(`no Application "${name}" to update`);
      fake.applications.set(name, updated);
      emit(current ? 'MODIFIED' : 'ADDED', updated);
    },
    remove(name) {
      const current = fake.applications.get(name);
      if (!current) throw new Error(`no Application "${name}" to remove`);
      fake.applications.delete(name);
      emit('DELETED', current);
    },
    endStreams(error) {
      for (const [res, { framing }] of streams) {
        if (error)
          res.write(frame(framing, { error: { code: 13, message: error } }));
        res.end();
      }
      streams.clear();
    },
    close: async () => {},
  };

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const openStream = (
    res: http.ServerResponse,
    appNamespace: string | undefined,
  ) => {
    const { streamFraming: framing } = fake;
    res.writeHead(200, {
      'Content-Type':
        framing === 'event-stream' ? 'text/event-stream' : 'application/json',
    });
    res.flushHeaders();
    streams.set(res, { framing, appNamespace });
    res.on('close', () => streams.delete(res));
    // The current state first, in one write, as Argo CD sends it before any change.
    res.write(
      [...fake.applications.values()]
        .filter(app => !appNamespace || app.metadata.namespace === appNamespace)
        .map(application =>
          frame(framing, { result: { type: 'ADDED', application } }),
        )
        .join(''),
    );
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
      const isStream = url.pathname === '/api/v1/stream/applications';
      (isStream ? fake.streamRequests : fake.requests).push(recorded);
      if (fake.failNext && !isStream) {
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
      if (req.method === 'GET' && isStream) {
        openStream(res, recorded.query.appNamespace);
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
        emit('MODIFIED', app);
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
