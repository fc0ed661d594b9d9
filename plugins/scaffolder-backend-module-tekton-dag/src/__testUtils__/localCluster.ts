import fs from 'fs';
import os from 'os';
import path from 'path';
import { LocalCluster, startLocalCluster } from '@tekton-dag/local-cluster';

/**
 * Starts a local cluster whose kubeconfig lives in a new temporary folder, which its `stop()`
 * removes (as the tekton-dag backend's tests do).
 */
export async function startTemporaryCluster(): Promise<LocalCluster> {
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'tekton-dag-scaffolder-cluster-'),
  );
  let cluster: LocalCluster;
  try {
    cluster = await startLocalCluster({
      kubeconfigPath: path.join(dir, 'kubeconfig'),
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...cluster,
    async stop() {
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An object on the cluster, straight from its store, or undefined. */
export function clusterObject(
  cluster: LocalCluster,
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
): any {
  const type = cluster.store.findTypeByKind(apiVersion, kind);
  if (!type)
    throw new Error(`The cluster does not serve ${apiVersion} ${kind}`);
  return cluster.store.tryGet(type, namespace, name);
}
