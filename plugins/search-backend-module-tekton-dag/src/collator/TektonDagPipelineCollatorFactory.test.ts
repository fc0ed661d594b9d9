import { mockServices } from '@backstage/backend-test-utils';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { PipelineDocument } from '@tekton-dag/plugin-tekton-dag-common';
import {
  brokenApp,
  docsSite,
  entity,
  shopApi,
  shopWeb,
  startFakeTektonDag,
} from '../__testUtils__/fakeTektonDag';
import { TektonDagPipelineCollatorFactory } from './TektonDagPipelineCollatorFactory';

describe('TektonDagPipelineCollatorFactory', () => {
  let tektonDag: Awaited<ReturnType<typeof startFakeTektonDag>>;

  afterEach(async () => {
    await tektonDag?.close();
  });

  async function collate(
    entities = [shopApi, docsSite, shopWeb],
    options: {
      batchSize?: number;
      concurrency?: number;
      delayMs?: number;
      requestTimeoutMs?: number;
    } = {},
  ) {
    tektonDag = await startFakeTektonDag({ delayMs: options.delayMs });
    const logger = mockServices.logger.mock();
    const discovery = mockServices.discovery.mock({
      getBaseUrl: async pluginId =>
        pluginId === 'tekton-dag' ? tektonDag.baseUrl : 'http://nowhere',
    });
    const factory = TektonDagPipelineCollatorFactory.create({
      auth: mockServices.auth(),
      discovery,
      catalog: catalogServiceMock({ entities }),
      logger,
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      requestTimeoutMs: options.requestTimeoutMs,
    });
    const documents: PipelineDocument[] = [];
    for await (const document of await factory.getCollator()) {
      documents.push(document);
    }
    return { factory, documents, logger };
  }

  it('is the tekton-dag type, visible to those who may read the entity', async () => {
    const { factory } = await collate([]);
    expect(factory.type).toBe('tekton-dag');
    expect(factory.visibilityPermission).toBe(catalogEntityReadPermission);
  });

  it('yields one document per pipeline of each annotated entity', async () => {
    const { documents } = await collate();
    expect(documents).toEqual([
      {
        title: 'pr-pipeline',
        text: 'Builds and tests every pull request\nTasks: clone, build, unit-tests, publish-results',
        location:
          '/catalog/default/component/shop-api/pipelines?pipeline=pr-pipeline',
        authorization: { resourceRef: 'component:default/shop-api' },
        entityRef: 'component:default/shop-api',
        entityTitle: 'Shop API',
        owner: 'group:default/shop-team',
        description: 'Builds and tests every pull request',
        tasks: ['clone', 'build', 'unit-tests', 'publish-results'],
        params: ['app-path', 'git-revision'],
        latestStatus: 'Succeeded',
        lastRunAt: '2026-11-24T08:00:02.000Z',
        cluster: 'local',
        namespace: 'shop',
      },
      {
        title: 'release',
        text: 'Tasks: clone, build-image',
        location:
          '/catalog/default/component/shop-api/pipelines?pipeline=release',
        authorization: { resourceRef: 'component:default/shop-api' },
        entityRef: 'component:default/shop-api',
        entityTitle: 'Shop API',
        owner: 'group:default/shop-team',
        description: undefined,
        tasks: ['clone', 'build-image'],
        params: [],
        latestStatus: undefined,
        lastRunAt: undefined,
        cluster: 'local',
        namespace: 'shop',
      },
      expect.objectContaining({
        title: 'pr-pipeline',
        location:
          '/catalog/default/component/shop-web/pipelines?pipeline=pr-pipeline',
        authorization: { resourceRef: 'component:default/shop-web' },
        entityTitle: 'shop-web',
        latestStatus: 'Failed',
      }),
    ]);
    // Every document has every field, so that the Lunr engine indexes all of them.
    const keys = Object.keys(documents[0]).sort();
    for (const document of documents) {
      expect(Object.keys(document).sort()).toEqual(keys);
    }
  });

  it('does not index entities without the annotation, and asks tekton-dag with a service token', async () => {
    const { documents } = await collate();
    expect(documents.map(d => d.entityRef)).not.toContain(
      'component:default/docs-site',
    );
    expect(tektonDag.handler.requests.map(r => r.path).sort()).toEqual([
      '/api/tekton-dag/entities/component/default/shop-api/pipelines',
      '/api/tekton-dag/entities/component/default/shop-web/pipelines',
    ]);
    for (const request of tektonDag.handler.requests) {
      expect(request.authorization).toMatch(/^Bearer mock-service-token/);
      expect(request.authorization).toContain('"target":"tekton-dag"');
    }
  });

  it('logs and skips an entity whose pipelines fail to load', async () => {
    const { documents, logger } = await collate([shopApi, brokenApp, shopWeb]);
    expect(documents.map(d => d.entityRef)).toEqual([
      'component:default/shop-api',
      'component:default/shop-api',
      'component:default/shop-web',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Left component:default/broken-app out of the search index',
      ),
    );
  });

  it('skips entities whose pipelines take too long', async () => {
    const { documents, logger } = await collate([shopApi], {
      delayMs: 1000,
      requestTimeoutMs: 100,
    });
    expect(documents).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Left component:default/shop-api out of the search index',
      ),
    );
  });

  it('pages through the catalog and asks tekton-dag a few entities at a time', async () => {
    const many = Array.from({ length: 7 }, (_, i) =>
      entity(i % 2 ? 'shop-api' : 'shop-web', {
        'tekton-dag/pipelines': 'pr-pipeline',
      }),
    ).map((e, i) => ({
      ...e,
      metadata: { ...e.metadata, namespace: `ns${i}` },
    }));
    // shop-api has two pipelines, shop-web one: 3 x 2 + 4 x 1.
    const { documents } = await collate([...many, docsSite], {
      batchSize: 2,
      concurrency: 3,
      delayMs: 30,
    });
    expect(documents).toHaveLength(10);
    expect(documents.map(d => d.entityRef)).toEqual(
      many.flatMap((e, i) =>
        Array(i % 2 ? 2 : 1).fill(`component:ns${i}/${e.metadata.name}`),
      ),
    );
    expect(tektonDag.handler.requests).toHaveLength(7);
    expect(tektonDag.handler.maxInFlight).toBeGreaterThan(1);
    expect(tektonDag.handler.maxInFlight).toBeLessThanOrEqual(3);
  });
});
