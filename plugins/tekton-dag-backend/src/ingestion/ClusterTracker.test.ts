import fs from 'fs';
import os from 'os';
import path from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { startLocalCluster } from '@tekton-dag/local-cluster';
import {
  eventually,
  installTektonContent,
} from '../__testUtils__/localCluster';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { ClusterRegistry } from '@tekton-dag/plugin-tekton-dag-node';
import { buildPipelineRun } from '../runs/buildPipelineRun';
import { DatabaseClusterStateStore } from '../database/DatabaseClusterStateStore';
import { DatabaseRunStore } from '../database/DatabaseRunStore';
import type { RunStore } from '../database/RunStore';
import type { ClusterStateStore } from '../database/ClusterStateStore';
import { ClusterTracker } from './ClusterTracker';
import { capturingLogger } from '../gitops/__testUtils__/capturingLogger';

jest.setTimeout(120_000);

describe('ClusterTracker', () => {
  const databases = createTestDatabases();
  const logger = mockServices.logger.mock();

  it.each(databases.eachSupportedId())(
    'records runs by watch and survives what clusters and portals do, on %p',
    async databaseId => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-'));
      const kubeconfigPath = path.join(dir, 'kubeconfig');
      const clusterOptions = {
        kubeconfigPath,
        stateDir: path.join(dir, 'state'),
        executor: { enabled: true },
      };
      let cluster = await startLocalCluster(clusterOptions);
      installTektonContent(cluster);

      const knex = await databases.init(databaseId);
      const realStore = await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const state = new DatabaseClusterStateStore(knex);
      // A database that fails now and then: nothing may be dropped.
      let failNext = 0;
      const store: RunStore = Object.assign(Object.create(realStore), {
        upsertRuns: async (runs: any) => {
          if (failNext > 0) {
            failNext -= 1;
            throw new Error('connection reset (injected)');
          }
          return realStore.upsertRuns(runs);
        },
      });
      const registry = new ClusterRegistry([
        { name: 'local', type: 'local', kubeconfigPath, skipTLSVerify: false },
      ]);
      const startTracker = () => {
        const tracker = new ClusterTracker({
          connection: registry.get('local'),
          store,
          state,
          replicaId: 'test-replica',
          logger,
          resolveEntity: a =>
            'kubernetesId' in a && a.kubernetesId === 'shop-api'
              ? 'component:default/shop-api'
              : undefined,
          batchIntervalMs: 20,
        });
        tracker.start();
        return tracker;
      };
      let tracker = startTracker();

      const api = () =>
        registry.get('local').kubeConfig().makeApiClient(CustomObjectsApi);
      const create = async (body: any) =>
        (
          (await api().createNamespacedCustomObject({
            group: 'tekton.dev',
            version: 'v1',
            namespace: 'shop',
            plural: 'pipelineruns',
            body,
          })) as any
        ).metadata.uid as string;
      const portalRun = () =>
        buildPipelineRun({
          pipeline: 'pr-pipeline',
          namespace: 'shop',
          params: [{ name: 'app-path', value: 'examples/shop/shop-api' }],
          workspaces: [{ name: 'source' }],
          entityRef: 'component:default/shop-api',
          trigger: 'portal',
          triggeredBy: 'user:default/guest',
        });
      const succeeded = (uid: string) =>
        eventually(
          () => realStore.getRun(uid),
          r =>
            r?.status === 'Succeeded' &&
            r.taskRuns.every(t => t.status === 'Succeeded') &&
            r.taskRuns.length === 7,
          `run ${uid} to be recorded as Succeeded`,
        );

      try {
        // 1. A run started by the portal, followed to the end through the watch.
        failNext = 2;
        const first = await create(portalRun());
        const recorded = await succeeded(first);
        expect(recorded).toMatchObject({
          cluster: 'local',
          namespace: 'shop',
          pipeline: 'pr-pipeline',
          entityRef: 'component:default/shop-api',
          trigger: { kind: 'portal', by: 'user:default/guest' },
          params: expect.objectContaining({
            'app-path': 'examples/shop/shop-api',
          }),
          revision: expect.stringMatching(/^[0-9a-f]{40}$/),
          pruned: false,
        });
        expect(
          recorded!.taskRuns.find(t => t.pipelineTask === 'unit-tests')?.steps,
        ).toEqual([
          expect.objectContaining({
            name: 'test',
            status: 'Succeeded',
            exitCode: 0,
          }),
        ]);
        expect(failNext).toBe(0); // the injected failures happened, and were retried

        // 2. A run created elsewhere, tied to the entity by the community plugin's label.
        const external = await create({
          ...portalRun(),
          metadata: {
            generateName: 'kubectl-',
            labels: { 'backstage.io/kubernetes-id': 'shop-api' },
          },
        });
        expect(await succeeded(external)).toMatchObject({
          entityRef: 'component:default/shop-api',
          trigger: { kind: 'external' },
        });

        // 3. The API server compacts its history: the watch gets 410 Gone and lists again.
        cluster.expireWatches();
        expect((await succeeded(await create(portalRun())))?.status).toBe(
          'Succeeded',
        );

        // 4. The API server restarts (new port and token in the kubeconfig).
        await cluster.stop();
        cluster = await startLocalCluster(clusterOptions);
        expect((await succeeded(await create(portalRun())))?.status).toBe(
          'Succeeded',
        );

        // 5. The portal is down while a run finishes; it catches up when it starts again.
        await tracker.stop();
        const whileDown = await create(portalRun());
        const runs = cluster.store.findType(
          'tekton.dev',
          'v1',
          'pipelineruns',
        )!;
        await eventually(
          async () =>
            cluster.store
              .list(runs, {
                namespace: 'shop',
                labelSelector: [],
                fieldSelector: [],
              })
              .items.find(r => r.metadata.uid === whileDown),
          r => r?.status?.conditions?.[0]?.status === 'True',
          'the run to finish on the cluster',
        );
        expect(await realStore.getRun(whileDown)).toBeUndefined();
        tracker = startTracker();
        await succeeded(whileDown);

        // 6. A run deleted from the cluster keeps its history, marked pruned.
        await api().deleteNamespacedCustomObject({
          group: 'tekton.dev',
          version: 'v1',
          namespace: 'shop',
          plural: 'pipelineruns',
          name: recorded!.name,
        });
        const pruned = await eventually(
          () => realStore.getRun(first),
          r => !!r?.pruned,
          'the run to be marked pruned',
        );
        expect(pruned!.taskRuns).toHaveLength(7);
      } finally {
        await tracker.stop();
        await cluster.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('retries a cluster that is down with growing delays, not every 250 ms', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-down-'));
    const kubeconfigPath = path.join(dir, 'kubeconfig');
    // Nothing listens on port 1.
    fs.writeFileSync(
      kubeconfigPath,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'down', cluster: { server: 'http://127.0.0.1:1' } }],
        users: [{ name: 'u', user: { token: 'x' } }],
        contexts: [{ name: 'down', context: { cluster: 'down', user: 'u' } }],
        'current-context': 'down',
      }),
    );
    const registry = new ClusterRegistry([
      {
        name: 'down',
        type: 'local',
        kubeconfigPath,
        skipTLSVerify: false,
        namespaces: ['shop'],
      },
    ]);
    const { logger: captured, lines } = capturingLogger();
    const tracker = new ClusterTracker({
      connection: registry.get('down'),
      store: {} as RunStore,
      state: {
        setStatus: async () => {},
        markPipelinesUnsynced: async () => {},
      } as unknown as ClusterStateStore,
      replicaId: 'test-replica',
      logger: captured,
      resolveEntity: () => undefined,
    });
    tracker.start();
    const delays = () =>
      lines
        .filter(line => line.includes('pipelineruns/shop'))
        .map(line => Number(/retrying in (\d+) ms/.exec(line)?.[1]));
    try {
      await eventually(
        async () => delays(),
        d => d.length >= 4,
        'four retries',
      );
    } finally {
      await tracker.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Growing, each jittered between half and all of 250, 500, 1000 and 2000 ms.
    delays()
      .slice(0, 4)
      .forEach((delay, i) => {
        expect(delay).toBeGreaterThanOrEqual(125 * 2 ** i);
        expect(delay).toBeLessThanOrEqual(250 * 2 ** i);
      });
    expect(tracker.reachable).toBe(false);
  });

  it('shares Pipelines from its watch through the database, without a request per read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-'));
    const kubeconfigPath = path.join(dir, 'kubeconfig');
    const cluster = await startLocalCluster({ kubeconfigPath });
    installTektonContent(cluster);
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseRunStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const state = new DatabaseClusterStateStore(knex);
    const registry = new ClusterRegistry([
      { name: 'local', type: 'local', kubeconfigPath, skipTLSVerify: false },
    ]);
    const tracker = new ClusterTracker({
      connection: registry.get('local'),
      store,
      state,
      replicaId: 'test-replica',
      logger,
      resolveEntity: () => undefined,
      batchIntervalMs: 20,
    });
    const cachedPipeline = (name: string) =>
      state.getPipeline('local', 'shop', name);
    try {
      // Before the first list the cache cannot tell.
      expect(await cachedPipeline('pr-pipeline')).toBeUndefined();
      tracker.start();
      const pipeline: any = await eventually(
        () => cachedPipeline('pr-pipeline'),
        p => !!p,
        'the Pipeline in the cache',
      );
      expect(pipeline.spec.tasks.length).toBeGreaterThan(0);
      expect(await cachedPipeline('no-such-pipeline')).toBeNull();

      const requestsBefore = [...cluster.requestCounts.values()].reduce(
        (a, b) => a + b,
      );
      for (let i = 0; i < 100; i++) await cachedPipeline('pr-pipeline');
      const requestsAfter = [...cluster.requestCounts.values()].reduce(
        (a, b) => a + b,
      );
      expect(requestsAfter).toBe(requestsBefore);

      // Changes arrive by watch.
      await registry
        .get('local')
        .kubeConfig()
        .makeApiClient(CustomObjectsApi)
        .patchNamespacedCustomObject({
          group: 'tekton.dev',
          version: 'v1',
          namespace: 'shop',
          plural: 'pipelines',
          name: 'pr-pipeline',
          body: [
            {
              op: 'add',
              path: '/spec/description',
              value: 'changed by a test',
            },
          ],
        });
      await eventually(
        async () => (await cachedPipeline('pr-pipeline')) as any,
        p => p?.spec?.description === 'changed by a test',
        'the changed Pipeline in the cache',
      );
      expect(
        [...cluster.requestCounts.keys()].filter(k =>
          k.includes('/pipelines (watch)'),
        ),
      ).toEqual(['GET /apis/tekton.dev/v1/pipelines (watch)']);
    } finally {
      await tracker.stop();
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
