import { toGitOpsApplication } from './toGitOpsApplication';

const sha = (c: string) => c.repeat(40);

/** An Application as Argo CD writes it (CRD and REST API alike). */
const application = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: {
    name: 'shop-api',
    namespace: 'argocd',
    labels: { team: 'shop' },
  },
  spec: {
    project: 'shop',
    source: {
      repoURL: 'https://github.com/tekton-dag/tekton-dag.git',
      path: 'examples/shop/shop-api/deploy',
      targetRevision: 'main',
    },
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'shop',
    },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  },
  status: {
    sync: { status: 'OutOfSync', revision: sha('c') },
    health: { status: 'Degraded', message: 'Deployment has 0 of 2 replicas' },
    reconciledAt: '2026-11-28T10:00:00Z',
    operationState: {
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      startedAt: '2026-11-28T09:59:00Z',
      finishedAt: '2026-11-28T09:59:30Z',
      operation: {
        sync: { revision: sha('c') },
        initiatedBy: { username: 'user:default/ada' },
      },
      syncResult: { revision: sha('c'), resources: [] },
    },
    history: [
      {
        id: 0,
        revision: sha('a'),
        deployedAt: '2026-11-26T10:00:00Z',
        deployStartedAt: '2026-11-26T09:59:50Z',
        initiatedBy: { automated: true },
      },
      {
        id: 1,
        revision: sha('b'),
        deployedAt: '2026-11-27T10:00:00Z',
        initiatedBy: { username: 'admin' },
      },
      { id: 2, revision: sha('c'), deployedAt: '2026-11-28T09:59:30Z' },
    ],
    resources: [
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'shop-api',
        status: 'OutOfSync',
        health: { status: 'Degraded', message: '0 of 2 replicas' },
        syncWave: 2,
      },
      {
        version: 'v1',
        kind: 'ConfigMap',
        namespace: 'shop',
        name: 'shop-api-config',
        status: 'Synced',
        health: { status: 'Healthy' },
      },
      {
        version: 'v1',
        kind: 'Service',
        namespace: 'shop',
        name: 'old',
        status: 'OutOfSync',
        syncWave: '-1',
        requiresPruning: true,
      },
    ],
  },
};

describe('toGitOpsApplication', () => {
  it('maps an Argo CD Application to what the GitOps tab shows', () => {
    expect(
      toGitOpsApplication(application, { kind: 'kubernetes', cluster: 'prod' }),
    ).toEqual({
      name: 'shop-api',
      namespace: 'argocd',
      source: { kind: 'kubernetes', cluster: 'prod' },
      project: 'shop',
      repoURL: 'https://github.com/tekton-dag/tekton-dag.git',
      path: 'examples/shop/shop-api/deploy',
      targetRevision: 'main',
      destination: {
        server: 'https://kubernetes.default.svc',
        name: undefined,
        namespace: 'shop',
      },
      automated: { prune: true, selfHeal: true },
      sync: { status: 'OutOfSync', revision: sha('c') },
      health: { status: 'Degraded', message: 'Deployment has 0 of 2 replicas' },
      operation: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: '2026-11-28T09:59:00Z',
        finishedAt: '2026-11-28T09:59:30Z',
        initiatedBy: 'user:default/ada',
        revision: sha('c'),
      },
      // Newest first.
      history: [
        {
          id: 2,
          revision: sha('c'),
          deployedAt: '2026-11-28T09:59:30Z',
          deployStartedAt: undefined,
          initiatedBy: undefined,
        },
        {
          id: 1,
          revision: sha('b'),
          deployedAt: '2026-11-27T10:00:00Z',
          deployStartedAt: undefined,
          initiatedBy: 'admin',
        },
        {
          id: 0,
          revision: sha('a'),
          deployedAt: '2026-11-26T10:00:00Z',
          deployStartedAt: '2026-11-26T09:59:50Z',
          initiatedBy: 'automated',
        },
      ],
      resources: [
        {
          group: 'apps',
          version: 'v1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'shop-api',
          syncWave: 2,
          status: 'OutOfSync',
          health: 'Degraded',
          healthMessage: '0 of 2 replicas',
          requiresPruning: undefined,
        },
        {
          group: undefined,
          version: 'v1',
          kind: 'ConfigMap',
          namespace: 'shop',
          name: 'shop-api-config',
          syncWave: 0,
          status: 'Synced',
          health: 'Healthy',
          healthMessage: undefined,
          requiresPruning: undefined,
        },
        {
          group: undefined,
          version: 'v1',
          kind: 'Service',
          namespace: 'shop',
          name: 'old',
          syncWave: -1,
          status: 'OutOfSync',
          health: undefined,
          healthMessage: undefined,
          requiresPruning: true,
        },
      ],
      reconciledAt: '2026-11-28T10:00:00Z',
    });
  });

  it('copes with an Application Argo CD has not looked at yet', () => {
    const fresh = toGitOpsApplication(
      {
        metadata: { name: 'new-app' },
        spec: { source: { repoURL: 'https://git.example/x.git', path: '.' } },
      },
      { kind: 'argocd', instance: 'main' },
    );
    expect(fresh).toMatchObject({
      name: 'new-app',
      sync: { status: 'Unknown' },
      health: { status: 'Unknown' },
      history: [],
      resources: [],
    });
    expect(fresh.operation).toBeUndefined();
    expect(fresh.automated).toBeUndefined();
    expect(fresh.namespace).toBeUndefined();
  });

  it('reads multi-source Applications, a running operation and disabled automation', () => {
    const app = toGitOpsApplication(
      {
        metadata: { name: 'multi', namespace: 'apps' },
        spec: {
          sources: [
            {
              repoURL: 'https://git.example/a.git',
              path: 'a',
              targetRevision: 'v1',
            },
            { repoURL: 'https://git.example/b.git', path: 'b' },
          ],
          syncPolicy: { automated: { enabled: false, selfHeal: true } },
        },
        status: {
          sync: { status: 'Synced', revisions: [sha('d'), sha('e')] },
          health: { status: 'Progressing' },
          operationState: {
            phase: 'Running',
            startedAt: '2026-11-28T11:00:00Z',
            operation: {
              sync: { revisions: [sha('d'), sha('e')] },
              initiatedBy: { automated: true },
            },
          },
          history: [{ id: 4, revisions: [sha('d'), sha('e')] }],
        },
      },
      { kind: 'argocd', instance: 'main' },
    );
    expect(app).toMatchObject({
      repoURL: 'https://git.example/a.git',
      path: 'a',
      targetRevision: 'v1',
      sync: { status: 'Synced', revision: sha('d') },
      operation: {
        phase: 'Running',
        initiatedBy: 'automated',
        revision: sha('d'),
      },
      history: [{ id: 4, revision: sha('d') }],
    });
    expect(app.automated).toBeUndefined();
  });
});
