import fs from 'fs';
import os from 'os';
import path from 'path';
import { CoreV1Api } from '@kubernetes/client-node';
import { LocalCluster, startLocalCluster } from '@tekton-dag/local-cluster';
import { ClusterRegistry } from './ClusterRegistry';

jest.setTimeout(30_000);

describe('ClusterRegistry', () => {
  let cluster: LocalCluster;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-'));
    cluster = await startLocalCluster({
      kubeconfigPath: path.join(dir, 'kubeconfig'),
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const namespaces = async (registry: ClusterRegistry, name?: string) => {
    const core = registry.get(name).kubeConfig().makeApiClient(CoreV1Api);
    return (await core.listNamespace()).items.map(n => n.metadata!.name);
  };

  it('reaches the local cluster through its kubeconfig, and a url cluster with a token and CA', async () => {
    const registry = new ClusterRegistry([
      {
        name: 'local',
        type: 'local',
        kubeconfigPath: cluster.kubeconfigPath,
        skipTLSVerify: false,
      },
      {
        name: 'remote',
        type: 'url',
        url: cluster.url,
        serviceAccountToken: cluster.token,
        caData: Buffer.from(cluster.caCertificate).toString('base64'),
        skipTLSVerify: false,
      },
    ]);
    expect(await namespaces(registry)).toContain('default');
    expect(await namespaces(registry, 'remote')).toContain('argocd');
  });

  it('is refused with a wrong token, and explains unknown or missing clusters', async () => {
    const registry = new ClusterRegistry([
      {
        name: 'remote',
        type: 'url',
        url: cluster.url,
        serviceAccountToken: 'wrong',
        skipTLSVerify: true,
      },
      {
        name: 'gone',
        type: 'local',
        kubeconfigPath: path.join(dir, 'nope'),
        skipTLSVerify: false,
      },
    ]);
    await expect(namespaces(registry, 'remote')).rejects.toMatchObject({
      code: 401,
    });
    expect(() => registry.get('prod')).toThrow(
      'Cluster "prod" is not configured under tektonDag.clusters',
    );
    expect(() => registry.get('gone').kubeConfig()).toThrow(
      /is the local cluster, but .* does not exist/,
    );
    expect(() => new ClusterRegistry([]).get()).toThrow(
      'No cluster is configured',
    );
  });

  it('reads the local kubeconfig again when the local cluster restarts with a new token', async () => {
    const registry = new ClusterRegistry([
      {
        name: 'local',
        type: 'local',
        kubeconfigPath: cluster.kubeconfigPath,
        skipTLSVerify: false,
      },
    ]);
    expect(await namespaces(registry)).toContain('default');
    await cluster.stop();
    await new Promise(resolve => setTimeout(resolve, 20)); // a visibly newer mtime
    cluster = await startLocalCluster({
      kubeconfigPath: cluster.kubeconfigPath,
    });
    expect(await namespaces(registry)).toContain('default');
  });
});
