import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { kubectlFor } from '../__testUtils__/kubectl';
import {
  DEFAULT_REPO_ROOT,
  LocalCluster,
  startLocalCluster,
} from '../startLocalCluster';

jest.setTimeout(60_000);

describe("the local cluster's Argo CD sync", () => {
  let cluster: LocalCluster;
  let kubectl: ReturnType<typeof kubectlFor>;
  let dir: string;
  /** The first ADDED event of each kind, in order: the install order. */
  const firstAdded: string[] = [];
  const revision = execFileSync('git', ['rev-parse', 'HEAD'], {
    cwd: DEFAULT_REPO_ROOT,
  })
    .toString()
    .trim();

  const applications = () =>
    cluster.store.findType('argoproj.io', 'v1alpha1', 'applications')!;
  const application = (name: string) =>
    cluster.store.get(applications(), 'argocd', name);

  async function waitFor(check: () => boolean, what: string) {
    const deadline = Date.now() + 15_000;
    while (!check()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-'));
    cluster = await startLocalCluster({
      kubeconfigPath: path.join(dir, 'kubeconfig'),
      argocd: { enabled: true, selfHealDelayMs: 300 },
    });
    cluster.store.onChange(event => {
      if (event.type === 'ADDED' && !firstAdded.includes(event.object.kind))
        firstAdded.push(event.object.kind);
    });
    kubectl = kubectlFor(cluster.kubeconfigPath);
    // The app of apps, as a platform team would apply it to their Argo CD.
    await kubectl(
      'apply',
      '-n',
      'argocd',
      '-f',
      path.join(DEFAULT_REPO_ROOT, 'argocd/bootstrap.yaml'),
    );
    await waitFor(
      () =>
        cluster.store.tryGet(applications(), 'argocd', 'tekton-dag')?.status
          ?.operationState?.phase === 'Succeeded',
      'the last wave',
    );
  });

  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("installs the platform in the seed's sync waves", async () => {
    const order = [
      'Application',
      'ServiceAccount',
      'Task',
      'Pipeline',
      'TriggerBinding',
      'Deployment',
    ];
    expect(firstAdded.filter(kind => order.includes(kind))).toEqual(order);

    const apps = JSON.parse(
      await kubectl('get', 'applications', '-n', 'argocd', '-o', 'json'),
    ).items;
    expect(
      apps.map((a: any) => [
        a.metadata.name,
        a.status.sync.status,
        a.status.health.status,
      ]),
    ).toEqual([
      ['tekton-crds', 'Synced', 'Healthy'],
      ['tekton-dag', 'Synced', 'Healthy'],
      ['tekton-dag-platform', 'Synced', 'Healthy'],
      ['tekton-pipelines', 'Synced', 'Healthy'],
      ['tekton-rbac', 'Synced', 'Healthy'],
      ['tekton-tasks', 'Synced', 'Healthy'],
      ['tekton-triggers', 'Synced', 'Healthy'],
    ]);
    const tasks = application('tekton-tasks');
    expect(tasks.status.sync.revision).toBe(revision);
    expect(tasks.status.operationState).toMatchObject({
      phase: 'Succeeded',
      operation: { initiatedBy: { automated: true } },
    });
    expect(tasks.status.history).toEqual([
      expect.objectContaining({
        id: 0,
        revision,
        deployedAt: expect.any(String),
      }),
    ]);
    expect(tasks.status.resources).toContainEqual(
      expect.objectContaining({
        kind: 'Task',
        name: 'git-clone',
        namespace: 'shop',
        status: 'Synced',
        health: { status: 'Healthy' },
      }),
    );
    expect(await kubectl('get', 'pipelines', '-n', 'shop', '-o', 'name')).toBe(
      'pipeline.tekton.dev/pr-pipeline\n',
    );
    // The parent lists its children with their waves.
    const platform = application('tekton-dag-platform');
    expect(
      platform.status.resources
        .filter((r: any) => r.kind === 'Application')
        .map((r: any) => [r.name, r.syncWave]),
    ).toEqual([
      ['tekton-crds', -1],
      ['tekton-rbac', 0],
      ['tekton-tasks', 1],
      ['tekton-pipelines', 2],
      ['tekton-triggers', 3],
      ['tekton-dag', 4],
    ]);
  });

  it('turns OutOfSync on drift and heals itself with selfHeal', async () => {
    await kubectl(
      'patch',
      'task',
      'build',
      '-n',
      'shop',
      '--type',
      'merge',
      '-p',
      '{"spec":{"description":"edited by hand"}}',
    );
    await waitFor(
      () => application('tekton-tasks').status.sync.status === 'OutOfSync',
      'OutOfSync',
    );
    expect(
      application('tekton-tasks').status.resources.find(
        (r: any) => r.name === 'build',
      ).status,
    ).toBe('OutOfSync');
    await waitFor(
      () => application('tekton-tasks').status.sync.status === 'Synced',
      'the self-heal',
    );
    expect(
      JSON.parse(
        await kubectl('get', 'task', 'build', '-n', 'shop', '-o', 'json'),
      ).spec.description,
    ).not.toBe('edited by hand');
    expect(application('tekton-tasks').status.history).toHaveLength(2);

    await kubectl('delete', 'pipeline', 'pr-pipeline', '-n', 'shop');
    await waitFor(
      () => application('tekton-pipelines').status.health.status === 'Missing',
      'Missing',
    );
    await waitFor(
      () => application('tekton-pipelines').status.sync.status === 'Synced',
      'the re-creation',
    );
    expect(await kubectl('get', 'pipelines', '-n', 'shop', '-o', 'name')).toBe(
      'pipeline.tekton.dev/pr-pipeline\n',
    );
  });

  it('stays OutOfSync without selfHeal until a sync operation is requested', async () => {
    const manual = path.join(dir, 'manual.yaml');
    fs.writeFileSync(
      manual,
      JSON.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'manual-tasks', namespace: 'argocd' },
        spec: {
          project: 'default',
          source: {
            repoURL: 'https://github.com/tekton-dag/tekton-dag.git',
            path: 'tekton/tasks',
            targetRevision: 'main',
          },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'manual',
          },
          syncPolicy: { syncOptions: ['CreateNamespace=true'] },
        },
      }),
    );
    await kubectl('apply', '-f', manual);
    await waitFor(
      () => application('manual-tasks').status?.sync?.status === 'OutOfSync',
      'the first comparison',
    );
    expect(application('manual-tasks').status.health.status).toBe('Missing');

    // What the portal's "Sync" button does through the Kubernetes API.
    await kubectl(
      'patch',
      'application',
      'manual-tasks',
      '-n',
      'argocd',
      '--type',
      'merge',
      '-p',
      '{"operation":{"sync":{},"initiatedBy":{"username":"guest"}}}',
    );
    await waitFor(
      () => application('manual-tasks').status.sync.status === 'Synced',
      'the requested sync',
    );
    const synced = application('manual-tasks');
    expect(synced.operation).toBeUndefined();
    expect(synced.status.operationState.operation.initiatedBy).toEqual({
      username: 'guest',
    });
    expect(
      (await kubectl('get', 'tasks', '-n', 'manual', '-o', 'name'))
        .trim()
        .split('\n'),
    ).toHaveLength(7);

    await kubectl('delete', 'task', 'build', '-n', 'manual');
    await waitFor(
      () => application('manual-tasks').status.sync.status === 'OutOfSync',
      'drift',
    );
    await new Promise(resolve => setTimeout(resolve, 600));
    expect(application('manual-tasks').status.sync.status).toBe('OutOfSync');
  });

  it('syncs a local git repository named by a file: URL, at its branch', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      })
        .toString()
        .trim();
    const bare = path.join(dir, 'hello.git');
    const work = path.join(dir, 'hello-work');
    git('init', '--quiet', '--bare', '--initial-branch=main', bare);
    git('init', '--quiet', '--initial-branch=main', work);
    fs.mkdirSync(path.join(work, 'deploy'));
    fs.writeFileSync(
      path.join(work, 'deploy/config.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\ndata:\n  greeting: hello\n',
    );
    git('-C', work, 'add', '.');
    git('-C', work, 'commit', '--quiet', '-m', 'first');
    git('-C', work, 'push', '--quiet', bare, 'main');
    const commit = git('-C', work, 'rev-parse', 'HEAD');
    // Not in the work tree any more: the sync reads the pushed commit, not a checkout.
    fs.rmSync(work, { recursive: true, force: true });

    cluster.store.create(applications(), 'argocd', {
      metadata: { name: 'hello' },
      spec: {
        source: {
          repoURL: `file://${bare}`,
          targetRevision: 'main',
          path: 'deploy',
        },
        destination: { namespace: 'hello' },
        syncPolicy: {
          automated: { prune: true },
          syncOptions: ['CreateNamespace=true'],
        },
      },
    });
    await waitFor(
      () => application('hello').status?.sync?.status === 'Synced',
      'the local repository synced',
    );
    expect(application('hello').status.sync.revision).toBe(commit);
    const configMap = cluster.store.get(
      cluster.store.findType('', 'v1', 'configmaps')!,
      'hello',
      'hello',
    );
    expect(configMap.data).toEqual({ greeting: 'hello' });
  });

  it('does not sync sources it cannot reach', async () => {
    cluster.store.create(applications(), 'argocd', {
      metadata: { name: 'elsewhere' },
      spec: {
        source: { repoURL: 'https://git.example/other.git', path: '.' },
        destination: { namespace: 'default' },
      },
    });
    await waitFor(
      () => !!application('elsewhere').status?.conditions,
      'a comparison error',
    );
    expect(application('elsewhere').status.sync.status).toBe('Unknown');
    expect(application('elsewhere').status.conditions[0].type).toBe(
      'ComparisonError',
    );
  });
});
