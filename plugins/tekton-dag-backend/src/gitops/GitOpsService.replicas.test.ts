import { mockServices } from '@backstage/backend-test-utils';
import type { LocalCluster } from '@tekton-dag/local-cluster';
import {
  argoCdApplications,
  createTasksApplication,
} from '../__testUtils__/argoCdApplications';
import {
  eventually,
  localClusterConfig,
  startTemporaryCluster,
} from '../__testUtils__/localCluster';
import { shopComponent } from '../__testUtils__/entities';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { ClusterRegistry } from '@tekton-dag/plugin-tekton-dag-node';
import { DatabaseGitOpsStore } from '../database/DatabaseGitOpsStore';
import { migrate } from '../database/migrate';
import { capturingLogger } from './__testUtils__/capturingLogger';
import { GitOpsService } from './GitOpsService';

jest.setTimeout(60_000);

const ENTITY_REF = 'component:default/shop-api';
const shopApi = shopComponent('shop-api', {
  'tekton-dag/cluster': 'local',
  'argocd/app-name': 'replicated-tasks',
});

/**
 * Two replicas on one database: a browser's page was read through one of them, its signals
 * come through either (the events backend carries them to every replica's browsers), so each
 * change of an Application must be published exactly once, also when the replica that served
 * the page is gone.
 */
describe('GitOps changes with several replicas', () => {
  const databases = createTestDatabases();
  let cluster: LocalCluster;

  beforeAll(async () => {
    cluster = await startTemporaryCluster('gitops-replicas-', {
      argocd: { enabled: true, selfHealDelayMs: 300 },
    });
    createTasksApplication(cluster, {
      name: 'replicated-tasks',
      destination: { namespace: 'gitops-replicas' },
    });
  });
  afterAll(() => cluster?.stop());

  it.each(databases.eachSupportedId())(
    'are published once per change, by whichever replica watches, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const db = await migrate(
        mockServices.database({ knex, migrations: { skip: false } }),
      );
      const signals: Array<{
        replica: string;
        application: string;
        sync?: string;
      }> = [];
      const replica = (name: string) => {
        const service = new GitOpsService({
          registry: new ClusterRegistry([
            { ...localClusterConfig(cluster), skipTLSVerify: false },
          ]),
          argocd: { namespace: 'argocd', instances: [] },
          logger: capturingLogger().logger,
          store: new DatabaseGitOpsStore(db),
          onChanged: (_entityRef, message) =>
            signals.push({
              replica: name,
              application: message.application,
              sync: message.syncStatus,
            }),
        });
        service.start();
        return service;
      };
      const a = replica('a');
      const b = replica('b');
      try {
        // The page is served by replica a; replica b learns of the view from the database.
        await a.getEntityGitOps(shopApi, ENTITY_REF);
        b.start();
        await eventually(
          async () =>
            (
              await new DatabaseGitOpsStore(db).listInterests()
            ).length,
          n => n === 1,
          'the view to be recorded',
        );
        // b reads recorded views every few seconds; make it read now.
        await (b as any).syncInterests();

        const apps = argoCdApplications(cluster);
        const setLabel = (value: string) => {
          const current = cluster.store.get(apps, 'argocd', 'replicated-tasks');
          cluster.store.update(apps, 'argocd', 'replicated-tasks', {
            ...current,
            metadata: {
              ...current.metadata,
              labels: { ...current.metadata.labels, changed: value },
            },
          });
        };
        signals.length = 0;
        setLabel(`one-${databaseId}`);
        await eventually(
          async () => signals.length,
          n => n >= 1,
          'the change to be published',
        );
        await new Promise(resolve => setTimeout(resolve, 500));
        // Both replicas saw it; one published it.
        expect(signals).toHaveLength(1);

        // The replica that served the page stops; the other still tells the viewers.
        await a.stop();
        signals.length = 0;
        setLabel(`two-${databaseId}`);
        await eventually(
          async () => signals,
          list => list.length >= 1,
          'the change to be published by the other replica',
        );
        await new Promise(resolve => setTimeout(resolve, 500));
        expect(signals.map(s => s.replica)).toEqual(['b']);
      } finally {
        await a.stop();
        await b.stop();
      }
    },
  );
});
