import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Entity } from '@backstage/catalog-model';
import type { EntityPipeline, Run } from '@tekton-dag/plugin-tekton-dag-common';

export function entity(
  name: string,
  annotations: Record<string, string> = {},
  extra: { kind?: string; title?: string; owner?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: extra.kind ?? 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(extra.title ? { title: extra.title } : {}),
      annotations,
    },
    spec: { type: 'service', owner: extra.owner ?? 'shop-team' },
  };
}

export const shopApi = entity(
  'shop-api',
  {
    'tekton-dag/pipelines': 'pr-pipeline, release',
    'tekton-dag/namespace': 'shop',
  },
  { title: 'Shop API' },
);
export const shopWeb = entity('shop-web', {
  'tekton-dag/pipelines': 'pr-pipeline',
  'tekton-dag/namespace': 'shop',
});
/** In the catalog, but without the annotation: never indexed. */
export const docsSite = entity('docs-site', {
  'backstage.io/techdocs-ref': 'dir:.',
});
/** Its pipelines fail to load (tekton-dag answers 500): left out, not fatal. */
export const brokenApp = entity('broken-app', {
  'tekton-dag/pipelines': 'pr-pipeline',
});

const latestRun: Run = {
  id: 'uid-1',
  name: 'pr-pipeline-abc12',
  namespace: 'shop',
  cluster: 'local',
  entityRef: 'component:default/shop-api',
  pipeline: 'pr-pipeline',
  status: 'Succeeded',
  createdAt: '2026-11-24T08:00:00.000Z',
  startedAt: '2026-11-24T08:00:02.000Z',
  completedAt: '2026-11-24T08:05:00.000Z',
  params: {},
  results: {},
  trigger: { kind: 'pull_request' },
  pruned: false,
};

/** What the fake tekton-dag answers for each entity (by name). */
export const pipelinesByEntity: Record<string, EntityPipeline[]> = {
  'shop-api': [
    {
      name: 'pr-pipeline',
      cluster: 'local',
      namespace: 'shop',
      description: 'Builds and tests every pull request',
      params: [{ name: 'app-path' }, { name: 'git-revision' }],
      tasks: ['clone', 'build', 'unit-tests', 'publish-results'],
      latestRun,
    },
    {
      name: 'release',
      cluster: 'local',
      namespace: 'shop',
      params: [],
      tasks: ['clone', 'build-image'],
    },
  ],
  'shop-web': [
    {
      name: 'pr-pipeline',
      cluster: 'local',
      namespace: 'shop',
      description: 'Builds and tests every pull request',
      params: [{ name: 'app-path' }],
      tasks: ['clone', 'build'],
      latestRun: {
        ...latestRun,
        id: 'uid-2',
        entityRef: 'component:default/shop-web',
        status: 'Failed',
      },
    },
  ],
};

export interface PipelinesRequest {
  path: string;
  authorization?: string;
}

/**
 * Answers tekton-dag's `GET /entities/:kind/:namespace/:name/pipelines` from
 * `pipelinesByEntity` (500 for unknown entities), after `delayMs`, and records the requests and
 * how many were in flight at once.
 */
export function pipelinesHandler(options: { delayMs?: number } = {}) {
  const requests: PipelinesRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const path = (req.url ?? '').split('?')[0];
      requests.push({ path, authorization: req.headers.authorization });
      await new Promise(resolve => setTimeout(resolve, options.delayMs ?? 0));
      const match = path.match(
        /\/entities\/([^/]+)\/([^/]+)\/([^/]+)\/pipelines$/,
      );
      const items = match && pipelinesByEntity[decodeURIComponent(match[3])];
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'GET' || !items) {
        res.statusCode = 500;
        res.end(
          JSON.stringify({
            error: { name: 'Error', message: 'cluster unreachable' },
          }),
        );
        return;
      }
      res.end(JSON.stringify({ items }));
    } finally {
      inFlight -= 1;
    }
  };
  return {
    handle,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

/** A real HTTP server standing in for the tekton-dag backend, at `<baseUrl>`. */
export async function startFakeTektonDag(options: { delayMs?: number } = {}) {
  const handler = pipelinesHandler(options);
  const server: Server = createServer((req, res) => {
    handler.handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    handler,
    baseUrl: `http://127.0.0.1:${port}/api/tekton-dag`,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}
