import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readClustersConfig, toPublicClusterInfo } from './readClustersConfig';

const read = (clusters: JsonObject[]) =>
  readClustersConfig(new ConfigReader({ tektonDag: { clusters } }));

describe('readClustersConfig', () => {
  it('reads clusters with defaults', () => {
    expect(read([{ name: 'local', type: 'local' }])).toEqual([
      expect.objectContaining({
        name: 'local',
        type: 'local',
        skipTLSVerify: false,
        namespaces: undefined,
      }),
    ]);
    expect(readClustersConfig(new ConfigReader({}))).toEqual([]);
  });

  it('names the bad key in its errors', () => {
    expect(() => read([{ name: 'a', type: 'magic' }])).toThrow(
      'tektonDag.clusters[0].type "magic" must be one of local, kubeconfig, inCluster, url',
    );
    expect(() => read([{ name: 'a', type: 'url' }])).toThrow(
      'tektonDag.clusters[0].url is required for a cluster of type "url"',
    );
    expect(() =>
      read([
        { name: 'a', type: 'local' },
        { name: 'a', type: 'local' },
      ]),
    ).toThrow('tektonDag.clusters[1].name "a" is used by another cluster');
    expect(() => read([{ name: 'Bad Name', type: 'local' }])).toThrow(
      'tektonDag.clusters[0].name "Bad Name"',
    );
  });

  it('keeps credentials out of the public view', () => {
    const [cluster] = read([
      {
        name: 'prod',
        type: 'url',
        url: 'https://k8s.example:6443',
        serviceAccountToken: 's3cr3t',
        caData: 'Y2E=',
      },
    ]);
    expect(cluster.serviceAccountToken).toBe('s3cr3t');
    expect(JSON.stringify(toPublicClusterInfo(cluster))).not.toMatch(
      /s3cr3t|Y2E=|k8s\.example/,
    );
  });
});
