import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { LocalCluster } from '@tekton-dag/local-cluster';
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
import { ClusterRegistry } from '@tekton-dag/plugin-tekton-dag-node';
import { capturingLogger } from './__testUtils__/capturingLogger';
import { GitOpsService } from './GitOpsService';

jest.setTimeout(60_000);

const APPS_PATH = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';

const entity = (name: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'tekton-dag/cluster': 'local', ...annotations },
  },
  spec: {},
});

describe('Kubernetes Application source, against the local cluster', () => {
  let cluster: LocalCluster;
  let service: GitOpsService;
  const signals: Array<{ entityRef: string; message: any }> = [];
  const { logger, lines } = capturingLogger();
  const revision = headRevision();

  const applications = () => argoCdApplications(cluster);

  beforeAll(async () => {
    cluster = await startTemporaryCluster('gitops-k8s-', {
      argocd: { enabled: true, selfHealDelayMs: 300 },
    });
    service = new GitOpsService({
      registry: new ClusterRegistry([
        { ...localClusterConfig(cluster), skipTLSVerify: false },
      ]),
      argocd: { namespace: 'argocd', instances: [] },
      logger,
      onChanged: (entityRef, message) => signals.push({ entityRef, message }),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await cluster?.stop();
  });

  it('watches Applications, pushes sync, drift and healing to the entities, and syncs on request', async () => {
    // A team's Application of this repository's Tasks, synced by hand (no automation).
    createTasksApplication(cluster, {
      name: 'gitops-tasks',
      labels: { team: 'shop' },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'gitops-k8s',
      },
    });
    const bySelector = entity('shop-api', {
      'argocd/app-selector': 'team in (shop, web)',
    });
    const byName = entity('shop-tasks', {
      'argocd/app-name': 'gitops-tasks, not-there',
    });
    const selectorRef = 'component:default/shop-api';
    const nameRef = 'component:default/shop-tasks';
    const read = () => service.getEntityGitOps(bySelector, selectorRef);

    const first = await eventually(
      read,
      r => r.items[0]?.sync.status === 'OutOfSync',
      'the first comparison',
    );
    expect(first.errors).toEqual([]);
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({
      name: 'gitops-tasks',
      namespace: 'argocd',
      source: { kind: 'kubernetes', cluster: 'local' },
      path: 'tekton/tasks',
      health: { status: 'Missing' },
      history: [],
    });
    const named = await service.getEntityGitOps(byName, nameRef);
    expect(named.items.map(i => i.name)).toEqual(['gitops-tasks']);
    expect(named.errors).toEqual([
      {
        source: { kind: 'kubernetes', cluster: 'local' },
        application: 'not-there',
        message:
          'No Argo CD Application "not-there" in namespace "argocd" of cluster "local"',
      },
    ]);
    // From here on, every change arrives through the one watch.
    cluster.requestCounts.clear();
    signals.length = 0;

    // Sync on request: the operation field, as the user.
    const operations: any[] = [];
    const stopListening = cluster.store.onChange(event => {
      if (event.resourceType === applications() && event.object.operation)
        operations.push(event.object.operation);
    });
    await service.request(
      bySelector,
      selectorRef,
      'gitops-tasks',
      'sync',
      'user:default/ada',
    );
    expect(operations[0]).toEqual({
      sync: { revision: 'main' },
      initiatedBy: { username: 'user:default/ada' },
    });
    await eventually(
      async () => signals,
      s =>
        s.some(
          x => x.entityRef === selectorRef && x.message.syncStatus === 'Synced',
        ),
      'the synced signal',
    );
    expect(signals).toContainEqual({
      entityRef: nameRef,
      message: {
        type: 'gitops',
        application: 'gitops-tasks',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
      },
    });
    const synced = await read();
    expect(synced.items[0]).toMatchObject({
      sync: { status: 'Synced', revision },
      health: { status: 'Healthy' },
      operation: {
        phase: 'Succeeded',
        initiatedBy: 'user:default/ada',
        revision,
      },
      history: [{ id: 0, revision, initiatedBy: 'user:default/ada' }],
    });
    expect(synced.items[0].resources).toContainEqual(
      expect.objectContaining({
        kind: 'Task',
        name: 'build',
        namespace: 'gitops-k8s',
        status: 'Synced',
        health: 'Healthy',
        syncWave: expect.any(Number),
      }),
    );

    // Drift: someone edits a live Task. The watch says OutOfSync.
    signals.length = 0;
    const tasks = cluster.store.findType('tekton.dev', 'v1', 'tasks')!;
    const build = cluster.store.get(tasks, 'gitops-k8s', 'build');
    cluster.store.update(tasks, 'gitops-k8s', 'build', {
      ...build,
      spec: { ...build.spec, description: 'edited by hand' },
    });
    await eventually(
      async () => signals,
      s => s.some(x => x.message.syncStatus === 'OutOfSync'),
      'the drift signal',
    );
    const drifted = await read();
    expect(drifted.items[0].sync.status).toBe('OutOfSync');
    expect(
      drifted.items[0].resources.find(r => r.name === 'build')?.status,
    ).toBe('OutOfSync');

    // Self-heal switched on: Argo CD heals the drift, and the entity hears it.
    signals.length = 0;
    const app = cluster.store.get(applications(), 'argocd', 'gitops-tasks');
    cluster.store.update(applications(), 'argocd', 'gitops-tasks', {
      ...app,
      spec: {
        ...app.spec,
        syncPolicy: {
          ...app.spec.syncPolicy,
          automated: { selfHeal: true },
        },
      },
    });
    await eventually(
      async () => signals,
      s =>
        s.some(
          x => x.entityRef === selectorRef && x.message.syncStatus === 'Synced',
        ),
      'the healed signal',
    );
    const healed = await read();
    expect(healed.items[0]).toMatchObject({
      sync: { status: 'Synced' },
      automated: { selfHeal: true, prune: false },
      operation: { initiatedBy: 'automated' },
    });
    expect(healed.items[0].history.map(h => h.initiatedBy)).toEqual([
      'automated',
      'user:default/ada',
    ]);
    expect(
      cluster.store.get(tasks, 'gitops-k8s', 'build').spec.description,
    ).not.toBe('edited by hand');

    // Refresh: the annotation Argo CD reacts to (and removes). Only changes of its value
    // count: the syncer may write the status once more before it removes the annotation.
    const refreshes: Array<string | undefined> = [];
    let refreshValue: string | undefined;
    const stopWatchingRefresh = cluster.store.onChange(event => {
      if (
        event.resourceType !== applications() ||
        event.object?.metadata?.name !== 'gitops-tasks'
      )
        return;
      const value =
        event.object.metadata.annotations?.['argocd.argoproj.io/refresh'];
      if (value !== refreshValue) refreshes.push(value);
      refreshValue = value;
    });
    await service.request(byName, nameRef, 'gitops-tasks', 'refresh');
    await eventually(
      async () => refreshes,
      r => r.length >= 2,
      'the refresh annotation to be handled',
    );
    expect(refreshes).toEqual(['normal', undefined]);
    stopWatchingRefresh();
    stopListening();

    // No Application outside the entity's, by name.
    await expect(
      service.request(bySelector, selectorRef, 'tekton-dag', 'sync'),
    ).rejects.toThrow(NotFoundError);
    await expect(
      service.request(byName, nameRef, 'not-there', 'sync'),
    ).rejects.toThrow(NotFoundError);

    // All of it without polling: reads came from the watch, no list or get was repeated.
    const lists = [...cluster.requestCounts.entries()].filter(
      ([key]) =>
        key.startsWith('GET ') &&
        key.includes('/applications') &&
        !key.endsWith('(watch)'),
    );
    expect(lists).toEqual([]);
    expect(cluster.requestCounts.get(`PATCH ${APPS_PATH}/gitops-tasks`)).toBe(
      2,
    );

    // A deleted Application: its entities are told, and it is gone from their view.
    signals.length = 0;
    cluster.store.delete(applications(), 'argocd', 'gitops-tasks');
    await eventually(
      async () => signals,
      s => s.some(x => x.entityRef === nameRef),
      'the deletion signal',
    );
    expect((await read()).items).toEqual([]);
  });

  it('says which cluster is unknown, and reads nothing for entities without Argo CD annotations', async () => {
    expect(
      await service.getEntityGitOps(
        entity('plain', {}),
        'component:default/plain',
      ),
    ).toEqual({ items: [], errors: [] });
    expect(
      await service.getEntityGitOps(
        entity('elsewhere', {
          'tekton-dag/cluster': 'prod',
          'argocd/app-name': 'x',
        }),
        'component:default/elsewhere',
      ),
    ).toEqual({
      items: [],
      errors: [
        {
          source: { kind: 'kubernetes', cluster: 'prod' },
          message: 'Cluster "prod" is not configured under tektonDag.clusters',
        },
      ],
    });
    // A namespace that is no namespace name starts no watch and reaches no request path.
    const before = [...cluster.requestCounts.keys()].length;
    expect(
      await service.getEntityGitOps(
        entity('odd', {
          'argocd/app-name': 'x',
          'argocd/app-namespace': '../../api/v1/secrets',
        }),
        'component:default/odd',
      ),
    ).toEqual({
      items: [],
      errors: [
        {
          source: { kind: 'kubernetes', cluster: 'local' },
          message:
            'The argocd/app-namespace annotation "../../api/v1/secrets" is not a Kubernetes namespace name (lower-case letters, digits and "-", at most 63)',
        },
      ],
    });
    expect([...cluster.requestCounts.keys()].length).toBe(before);
  });

  it('reports a namespace it cannot read, and keeps retrying', async () => {
    const broken = new GitOpsService({
      registry: new ClusterRegistry([
        {
          name: 'local',
          type: 'local',
          kubeconfigPath: path.join(
            path.dirname(cluster.kubeconfigPath),
            'missing-kubeconfig',
          ),
          skipTLSVerify: false,
        },
      ]),
      argocd: { namespace: 'argocd', instances: [] },
      logger,
      firstListTimeoutMs: 2_000,
    });
    try {
      const result = await broken.getEntityGitOps(
        entity('shop-api', { 'argocd/app-name': 'x' }),
        'component:default/shop-api',
      );
      expect(result.items).toEqual([]);
      expect(result.errors[0].message).toMatch(
        /^Could not read the Argo CD Applications in namespace "argocd" of cluster "local": /,
      );
      expect(lines.join('\n')).toMatch(
        /Watching Argo CD Applications in namespace argocd of cluster local failed .*; retrying in \d+ ms/,
      );
    } finally {
      await broken.stop();
    }
  });
});
