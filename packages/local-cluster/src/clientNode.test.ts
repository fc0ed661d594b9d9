import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  makeInformer,
} from '@kubernetes/client-node';
import { LocalCluster, startLocalCluster } from './startLocalCluster';

jest.setTimeout(60_000);

const tekton = {
  group: 'tekton.dev',
  version: 'v1',
  namespace: 'default',
  plural: 'pipelineruns',
};

function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000) {
  return new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

describe('the local cluster, with @kubernetes/client-node as the client', () => {
  let cluster: LocalCluster;
  let api: CustomObjectsApi;
  let kubeConfig: KubeConfig;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cluster-'));
    cluster = await startLocalCluster({
      kubeconfigPath: path.join(dir, 'kubeconfig'),
      stateDir: path.join(dir, 'state'),
    });
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(cluster.kubeconfigPath);
    api = kubeConfig.makeApiClient(CustomObjectsApi);
  });

  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const newRun = (labels: Record<string, string> = {}) =>
    api.createNamespacedCustomObject({
      ...tekton,
      body: {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { generateName: 'run-', labels },
        spec: { pipelineRef: { name: 'p' } },
      },
    }) as Promise<KubernetesObject>;

  it('creates, reads, lists by label, patches and deletes', async () => {
    const created = await newRun({ team: 'shop' });
    const name = created.metadata!.name!;
    expect(name).toMatch(/^run-[a-z0-9]{5}$/);
    const read: any = await api.getNamespacedCustomObject({ ...tekton, name });
    expect(read.metadata.uid).toBe(created.metadata!.uid);

    const list: any = await api.listNamespacedCustomObject({
      ...tekton,
      labelSelector: 'team=shop',
    });
    expect(list.items.map((i: any) => i.metadata.name)).toEqual([name]);
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThanOrEqual(
      Number(read.metadata.resourceVersion),
    );

    // client-node sends a JSON patch (application/json-patch+json).
    const patched: any = await api.patchNamespacedCustomObject({
      ...tekton,
      name,
      body: [{ op: 'add', path: '/spec/status', value: 'Cancelled' }],
    });
    expect(patched.spec.status).toBe('Cancelled');

    await api.deleteNamespacedCustomObject({ ...tekton, name });
    await expect(
      api.getNamespacedCustomObject({ ...tekton, name }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('answers a stale update with 409 Conflict', async () => {
    const created: any = await newRun();
    const name = created.metadata.name;
    await api.replaceNamespacedCustomObject({
      ...tekton,
      name,
      body: { ...created, spec: { pipelineRef: { name: 'q' } } },
    });
    await expect(
      api.replaceNamespacedCustomObject({
        ...tekton,
        name,
        body: { ...created, spec: { pipelineRef: { name: 'r' } } },
      }),
    ).rejects.toMatchObject({ code: 409 });
    const current: any = await api.getNamespacedCustomObject({
      ...tekton,
      name,
    });
    expect(current.spec.pipelineRef.name).toBe('q');
    expect(current.metadata.generation).toBe(2);
  });

  it('feeds an informer that relists after a forced 410 Gone', async () => {
    let lists = 0;
    const informer = makeInformer(
      kubeConfig,
      '/apis/tekton.dev/v1/namespaces/default/pipelineruns',
      () => {
        lists += 1;
        return api.listNamespacedCustomObject(tekton) as any;
      },
    );
    const added = new Set<string>();
    const updated = new Set<string>();
    informer.on('add', o => added.add(o.metadata!.name!));
    informer.on('update', o => updated.add(o.metadata!.name!));
    informer.on('error', () => setTimeout(() => informer.start(), 100));
    await informer.start();
    try {
      const before = await newRun();
      await waitUntil(
        () => added.has(before.metadata!.name!),
        'the watch to deliver an ADDED event',
      );
      expect(lists).toBe(1);

      // The API server compacts its history and drops the watch: resuming gets 410 Gone.
      cluster.expireWatches();
      await waitUntil(() => lists >= 2, 'the informer to list again');

      const after = await newRun();
      await waitUntil(
        () => added.has(after.metadata!.name!),
        'events after the relist',
      );
      const type = cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!;
      const current = cluster.store.get(type, 'default', after.metadata!.name!);
      cluster.store.update(
        type,
        'default',
        after.metadata!.name!,
        {
          ...current,
          status: {
            conditions: [
              { type: 'Succeeded', status: 'Unknown', reason: 'Running' },
            ],
          },
        },
        'status',
      );
      await waitUntil(
        () => updated.has(after.metadata!.name!),
        'a status update to reach the informer',
      );
    } finally {
      await informer.stop();
    }
  });

  it('keeps objects across a restart with --state-dir', async () => {
    const created = await newRun({ keep: 'yes' });
    await cluster.stop();
    cluster = await startLocalCluster({
      kubeconfigPath: path.join(dir, 'kubeconfig'),
      stateDir: path.join(dir, 'state'),
    });
    kubeConfig.loadFromFile(cluster.kubeconfigPath);
    api = kubeConfig.makeApiClient(CustomObjectsApi);
    const read: any = await api.getNamespacedCustomObject({
      ...tekton,
      name: created.metadata!.name!,
    });
    expect(read.metadata.uid).toBe(created.metadata!.uid);
    // Versions go on from where they were, so watchers never see one twice.
    const next: any = await newRun();
    expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(
      Number(read.metadata.resourceVersion),
    );
  });
});
