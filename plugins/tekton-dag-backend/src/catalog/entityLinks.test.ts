import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createScriptPipeline,
  type LocalCluster,
} from '@tekton-dag/local-cluster';
import request from 'supertest';
import {
  eventually,
  installTektonContent,
  localClusterConfig,
  startTemporaryCluster,
} from '../__testUtils__/localCluster';
import { shopComponent } from '../__testUtils__/entities';
import { recordingSignals } from '../__testUtils__/signals';
import { startTektonDagBackend } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(120_000);

const shopApi = shopComponent('shop-api', {
  'tekton-dag/pipelines': 'quick-pipeline',
  'tekton-dag/namespace': 'shop',
  'backstage.io/kubernetes-id': 'shop-api',
});

/** A catalog that answers only after `delayMs`, as one still starting up does. */
function slowCatalog(delayMs: number) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const catalog = catalogServiceMock({ entities: [shopApi] });
      const getEntities = catalog.getEntities.bind(catalog);
      catalog.getEntities = async (...args: Parameters<typeof getEntities>) => {
        await new Promise(resolve => setTimeout(resolve, delayMs));
        return getEntities(...args);
      };
      return catalog;
    },
  });
}

/**
 * Runs tied to their entity only by a label (Tekton Triggers, kubectl, the community Tekton
 * plugin's `backstage.io/kubernetes-id`) need the catalog to resolve. A restarted portal used
 * to start watching before its entity index loaded, write the finished runs again without
 * their entity, and so drop them from their entity's page for good.
 */
describe('runs tied to an entity by label', () => {
  const databases = createTestDatabases();
  let cluster: LocalCluster;

  beforeAll(async () => {
    cluster = await startTemporaryCluster('entity-links-', {
      executor: { enabled: true },
    });
    installTektonContent(cluster);
    createScriptPipeline(cluster, {
      namespace: 'shop',
      name: 'quick-pipeline',
      task: 'say',
      step: 'say',
      script: 'echo hi',
    });
  });
  afterAll(() => cluster?.stop());

  it.each(databases.eachSupportedId())(
    'keep their entity across a restart whose catalog is slow to answer, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const start = (catalog: ReturnType<typeof slowCatalog>) =>
        startTektonDagBackend({
          knex,
          tektonDag: { clusters: [localClusterConfig(cluster)] },
          features: [
            catalog,
            recordingSignals().factory,
            mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          ],
        });
      const runsOfShopApi = async (server: any) =>
        (
          await request(server)
            .get('/api/tekton-dag/runs')
            .query({ entityRef: 'component:default/shop-api', limit: 50 })
        ).body.items ?? [];

      // A run started outside the portal, tied to shop-api by the community plugin's label.
      const runs = cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!;
      const created = cluster.store.create(runs, 'shop', {
        metadata: {
          generateName: 'by-label-',
          labels: { 'backstage.io/kubernetes-id': 'shop-api' },
        },
        spec: { pipelineRef: { name: 'quick-pipeline' } },
      });
      const uid = created.metadata.uid;

      let backend = await start(slowCatalog(0));
      await eventually(
        () => runsOfShopApi(backend.server),
        items =>
          items.some((r: any) => r.id === uid && r.status === 'Succeeded'),
        'the finished run on shop-api',
      );
      await backend.stop();
      const lists = () =>
        cluster.requestCounts.get('GET /apis/tekton.dev/v1/pipelineruns') ?? 0;
      const listsBefore = lists();

      // The portal restarts; its catalog takes 3 s to answer the first time.
      backend = await start(slowCatalog(3000));
      try {
        // Its watch lists the finished run again.
        await eventually(
          async () => lists(),
          n => n > listsBefore,
          'the restarted portal to list the runs',
        );
        // What the list brought is written within a batch interval.
        await new Promise(resolve => setTimeout(resolve, 1000));
        const items = await runsOfShopApi(backend.server);
        expect(items.map((r: any) => r.id)).toContain(uid);
      } finally {
        await backend.stop();
      }
    },
  );
});
