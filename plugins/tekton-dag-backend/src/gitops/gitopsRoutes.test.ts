import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { LocalCluster } from '@tekton-dag/local-cluster';
import request from 'supertest';
import {
  argoCdApplications,
  createTasksApplication,
} from '../__testUtils__/argoCdApplications';
import {
  eventually,
  headRevision,
  localClusterConfig,
  startTemporaryCluster,
} from '../__testUtils__/localCluster';
import { testRunRecord } from '../__testUtils__/runRecord';
import { recordingSignals } from '../__testUtils__/signals';
import { startTektonDagBackend } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReportStore } from '../database/DatabaseReportStore';
import { DatabaseRunStore } from '../database/DatabaseRunStore';

jest.setTimeout(60_000);

const base = '/api/tekton-dag/entities/component/default';

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'group:default/shop-team' },
});

const shopApi = component('shop-api', {
  'tekton-dag/pipelines': 'pr-pipeline',
  'tekton-dag/cluster': 'local',
  'argocd/app-name': 'routes-tasks',
});
const plain = component('plain', { 'tekton-dag/pipelines': 'pr-pipeline' });

describe('GitOps routes', () => {
  let cluster: LocalCluster;
  const revision = headRevision();

  const applications = () => argoCdApplications(cluster);

  let backendStarted: { stop(): Promise<void> } | undefined;
  /** Every `operation` written to an Application, by Application name. */
  const operations: Array<{ name: string; operation: any }> = [];

  beforeAll(async () => {
    cluster = await startTemporaryCluster('gitops-routes-', {
      argocd: { enabled: true },
    });
    for (const name of ['routes-tasks', 'foreign-app']) {
      createTasksApplication(cluster, {
        name,
        destination: { namespace: `ns-${name}` },
      });
    }
    cluster.store.onChange(event => {
      if (event.resourceType === applications() && event.object.operation)
        operations.push({
          name: event.object.metadata.name,
          operation: event.object.operation,
        });
    });
  });

  afterAll(async () => {
    // The backend's watches end before the cluster does.
    await backendStarted?.stop();
    await cluster?.stop();
  });

  // Declared after the hook above, so the database closes after the backend stopped.
  const databases = createTestDatabases();
  // One backend for all tests: its cluster trackers start once and stop once, at the end.
  let server: any;
  let knex: any;
  const signals = recordingSignals();
  /** The permission the next requests are denied, if any. */
  let denied: string | undefined;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            r.permission.name === denied
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    backendStarted = await startTektonDagBackend({
      knex,
      tektonDag: {
        clusters: [localClusterConfig(cluster)],
        argocd: { namespace: 'argocd' },
      },
      features: [
        catalogServiceMock.factory({ entities: [shopApi, plain] }),
        signals.factory,
        permissions.factory as any,
      ],
    });
    server = (backendStarted as any).server;
  });

  const as = (req: request.Test) =>
    req.set('Authorization', mockCredentials.user.header('user:default/ada'));

  it('serve an entity’s Applications with the runs that built them, and sync and refresh only those', async () => {
    // The run that built the checkout's revision, with test results.
    const runs = await DatabaseRunStore.create({
      database: mockServices.database({ knex, migrations: { skip: true } }),
    });
    await runs.upsertRuns([
      testRunRecord('run-built', {
        name: 'pr-pipeline-built',
        cluster: 'elsewhere',
        createdAt: '2026-11-28T09:00:00.000Z',
        // Finished before the local cluster deployed the revision (when this test starts it).
        completedAt: '2026-11-28T09:05:00.000Z',
        revision,
      }),
    ]);
    await new DatabaseReportStore(knex).saveSummaryIfMissing(
      'run-built',
      'unit-tests',
      { tests: 5, failures: 0, errors: 0, skipped: 0 },
    );

    const none = await as(request(server).get(`${base}/plain/gitops`));
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [], errors: [] });
    expect((await as(request(server).get(`${base}/nope/gitops`))).status).toBe(
      404,
    );

    const before = await eventually(
      async () =>
        (
          await as(request(server).get(`${base}/shop-api/gitops`))
        ).body,
      body => body.items?.[0]?.sync.status === 'OutOfSync',
      'the first comparison',
    );
    expect(before).toMatchObject({
      errors: [],
      items: [
        {
          name: 'routes-tasks',
          namespace: 'argocd',
          source: { kind: 'kubernetes', cluster: 'local' },
          targetRevision: 'main',
          health: { status: 'Missing' },
          history: [],
        },
      ],
    });

    const sync = await as(
      request(server).post(
        `${base}/shop-api/gitops/applications/routes-tasks/sync`,
      ),
    ).send({});
    expect(sync.status).toBe(202);
    expect(sync.body).toEqual({
      application: 'routes-tasks',
      requested: 'sync',
    });
    // Argo CD's own status writes carry the operation until it is done: one operation.
    expect(operations[0]).toEqual({
      name: 'routes-tasks',
      operation: {
        sync: { revision: 'main' },
        initiatedBy: { username: 'user:default/ada' },
      },
    });
    expect(new Set(operations.map(o => JSON.stringify(o))).size).toBe(1);

    const after = await eventually(
      async () =>
        (
          await as(request(server).get(`${base}/shop-api/gitops`))
        ).body,
      body => body.items?.[0]?.sync.status === 'Synced',
      'the sync',
    );
    const builtBy = {
      runId: 'run-built',
      runName: 'pr-pipeline-built',
      pipeline: 'pr-pipeline',
      status: 'Succeeded',
      createdAt: '2026-11-28T09:00:00.000Z',
      totals: {
        tests: 5,
        passed: 5,
        failed: 0,
        errored: 0,
        skipped: 0,
        durationMs: 0,
      },
    };
    expect(after.items[0]).toMatchObject({
      sync: { status: 'Synced', revision },
      operation: { phase: 'Succeeded', initiatedBy: 'user:default/ada' },
      builtBy,
      history: [{ id: 0, revision, builtBy }],
    });
    // Open entity pages were told, on the entity's GitOps channel.
    await eventually(
      async () => signals.published,
      published =>
        published.some(
          p =>
            p.channel === 'tekton-dag:gitops:component:default/shop-api' &&
            p.message.syncStatus === 'Synced',
        ),
      'the GitOps signal',
    );

    const refresh = await as(
      request(server).post(
        `${base}/shop-api/gitops/applications/routes-tasks/refresh`,
      ),
    ).send({});
    expect(refresh.status).toBe(202);
    expect(refresh.body).toEqual({
      application: 'routes-tasks',
      requested: 'refresh',
    });

    // Another Application, by name: not the entity's, so nothing happens to it.
    const foreign = await as(
      request(server).post(
        `${base}/shop-api/gitops/applications/foreign-app/sync`,
      ),
    ).send({});
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe(
      '"foreign-app" is not one of the Argo CD Applications of component:default/shop-api',
    );
    expect(
      (
        await as(
          request(server).post(
            `${base}/plain/gitops/applications/foreign-app/refresh`,
          ),
        ).send({})
      ).status,
    ).toBe(404);
    expect(operations.filter(o => o.name === 'foreign-app')).toEqual([]);
    expect(
      cluster.store.get(applications(), 'argocd', 'foreign-app').metadata
        .annotations?.['argocd.argoproj.io/refresh'],
    ).toBeUndefined();
  });

  it.each([
    [
      'tekton-dag.gitops.sync',
      'post',
      '/shop-api/gitops/applications/routes-tasks/sync',
    ],
    [
      'tekton-dag.gitops.sync',
      'post',
      '/shop-api/gitops/applications/routes-tasks/refresh',
    ],
    ['tekton-dag.run.read', 'get', '/shop-api/gitops'],
  ])(
    'answer 403 and change nothing when %s is denied (%s %s)',
    async (permission, method, route) => {
      denied = permission;
      const count = operations.length;
      const response = await as(
        (request(server) as any)[method](`${base}${route}`),
      ).send({});
      denied = undefined;
      expect(response.status).toBe(403);
      expect(operations.length).toBe(count);
      expect(
        cluster.store.get(applications(), 'argocd', 'routes-tasks').metadata
          .annotations?.['argocd.argoproj.io/refresh'],
      ).toBeUndefined();
    },
  );
});
