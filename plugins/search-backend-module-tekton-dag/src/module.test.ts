import type { AddressInfo } from 'node:net';
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  HttpRouterService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import searchPlugin from '@backstage/plugin-search-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  docsSite,
  pipelinesHandler,
  shopApi,
  shopWeb,
} from './__testUtils__/fakeTektonDag';
import searchModuleTektonDagCollator from './index';

type Handler = Parameters<HttpRouterService['use']>[0];

/** tekton-dag's pipelines route, in the test backend, for service callers only. */
function fakeTektonDagPlugin(handler: ReturnType<typeof pipelinesHandler>) {
  return createBackendPlugin({
    pluginId: 'tekton-dag',
    register(env) {
      env.registerInit({
        deps: {
          http: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ http, httpAuth }) {
          const route: Handler = (req, res, next) => {
            httpAuth
              .credentials(req, { allow: ['service'] })
              .then(() => handler.handle(req, res))
              .catch(next);
          };
          http.use(route);
        },
      });
    },
  });
}

/** Hands out the search plugin's scheduler (a mock whose tasks run when triggered). */
function captureScheduler() {
  const captured: { scheduler?: SchedulerService } = {};
  const module = createBackendModule({
    pluginId: 'search',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          captured.scheduler = scheduler;
        },
      });
    },
  });
  return { module, captured };
}

const owner = 'user:default/owner';
const stranger = 'user:default/stranger';

/**
 * Everyone may read every entity but the stranger, who may not read shop-api: a conditional
 * decision for catalog.entity.read, so search asks per result, as with a real policy.
 */
const permissions = mockServices.permissions.mock({
  async authorizeConditional(requests, options) {
    const principal = options.credentials.principal as {
      userEntityRef?: string;
    };
    return requests.map(
      (): PolicyDecision =>
        principal.userEntityRef === stranger
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: [stranger] },
              },
            }
          : { result: AuthorizeResult.ALLOW },
    );
  },
  async authorize(requests, options) {
    const principal = options.credentials.principal as {
      userEntityRef?: string;
    };
    return requests.map(request => ({
      result:
        principal.userEntityRef === stranger &&
        'resourceRef' in request &&
        request.resourceRef === 'component:default/shop-api'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    }));
  },
});

describe('searchModuleTektonDagCollator', () => {
  let backend: TestBackend | undefined;

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  async function start() {
    const tektonDag = pipelinesHandler();
    const { module: schedulerModule, captured } = captureScheduler();
    backend = await startTestBackend({
      features: [
        searchPlugin,
        searchModuleTektonDagCollator,
        fakeTektonDagPlugin(tektonDag),
        catalogServiceMock.factory({ entities: [shopApi, docsSite, shopWeb] }),
        schedulerModule,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        permissions.factory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            search: {
              collators: {
                'tekton-dag': {
                  schedule: {
                    frequency: { minutes: 30 },
                    timeout: { minutes: 5 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    return {
      tektonDag,
      scheduler: captured.scheduler!,
      baseUrl: `http://localhost:${port}`,
    };
  }

  async function search(baseUrl: string, user: string, term: string) {
    const response = await fetch(
      `${baseUrl}/api/search/query?term=${encodeURIComponent(
        term,
      )}&types[0]=tekton-dag`,
      { headers: { Authorization: mockCredentials.user.header(user) } },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      results: Array<{
        type: string;
        document: { title: string; entityRef: string; location: string };
      }>;
    };
    return body.results;
  }

  it('schedules the collator and indexes pipelines that people find when they may read the entity', async () => {
    const { tektonDag, scheduler, baseUrl } = await start();
    const tasks = await scheduler.getScheduledTasks();
    expect(tasks.map(t => t.id)).toContain('search_index_tekton_dag');

    await scheduler.triggerTask('search_index_tekton_dag');
    // tekton-dag was called with a service token (the fake route allows only services).
    expect(tektonDag.requests).toHaveLength(2);

    // Lunr splits the term into "pr" and "pipeline" and matches loosely: the two pr-pipelines
    // rank first, other pipelines may follow.
    const found = await search(baseUrl, owner, 'pr-pipeline');
    expect(
      found
        .slice(0, 2)
        .map(r => [r.type, r.document.title, r.document.entityRef])
        .sort(),
    ).toEqual([
      ['tekton-dag', 'pr-pipeline', 'component:default/shop-api'],
      ['tekton-dag', 'pr-pipeline', 'component:default/shop-web'],
    ]);
    expect(found.map(r => r.document.location)).toContain(
      '/catalog/default/component/shop-api/pipelines?pipeline=pr-pipeline',
    );
    // Tasks are searchable too.
    const byTask = await search(baseUrl, owner, 'publish-results');
    expect(byTask.map(r => r.document.entityRef)).toEqual([
      'component:default/shop-api',
    ]);
  });

  it('does not show pipelines of an entity the user may not read', async () => {
    const { scheduler, baseUrl } = await start();
    await scheduler.triggerTask('search_index_tekton_dag');

    const found = await search(baseUrl, stranger, 'pr-pipeline');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].document.entityRef).toBe('component:default/shop-web');
    expect(found.map(r => r.document.entityRef)).not.toContain(
      'component:default/shop-api',
    );
    const release = await search(baseUrl, stranger, 'release');
    expect(release.map(r => r.document.entityRef)).not.toContain(
      'component:default/shop-api',
    );
    // The owner finds shop-api's release pipeline.
    const ownerRelease = await search(baseUrl, owner, 'release');
    expect(ownerRelease[0].document).toMatchObject({
      title: 'release',
      entityRef: 'component:default/shop-api',
    });
  });
});
