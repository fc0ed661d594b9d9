import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  DEFAULT_REPO_ROOT,
  LocalCluster,
  LocalClusterOptions,
  startLocalCluster,
} from '@tekton-dag/local-cluster';
import { parseAllDocuments } from 'yaml';

/**
 * Starts a local cluster whose kubeconfig, certificate and logs live in a new temporary folder
 * (named from `prefix`), which its `stop()` removes: tests leave nothing behind.
 */
export async function startTemporaryCluster(
  prefix: string,
  options: Omit<LocalClusterOptions, 'kubeconfigPath'> = {},
): Promise<LocalCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  let cluster: LocalCluster;
  try {
    cluster = await startLocalCluster({
      ...options,
      kubeconfigPath: path.join(dir, 'kubeconfig'),
    });
  } catch (error) {
    removeDir();
    throw error;
  }
  return {
    ...cluster,
    async stop() {
      await cluster.stop();
      removeDir();
    },
  };
}

/** The `tektonDag.clusters` entry of a local cluster, named "local" as the test entities say. */
export function localClusterConfig(cluster: LocalCluster) {
  return {
    name: 'local',
    type: 'local' as const,
    kubeconfigPath: cluster.kubeconfigPath,
  };
}

/** The checkout's commit: the revision the local cluster's Argo CD syncs this repository at. */
export function headRevision(): string {
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: DEFAULT_REPO_ROOT })
    .toString()
    .trim();
}

/** Applies the shop namespace and the repository's Tasks and Pipelines to a local cluster. */
export function installTektonContent(cluster: LocalCluster) {
  const { store } = cluster;
  for (const dir of [
    'argocd/rbac/namespaces.yaml',
    'tekton/tasks',
    'tekton/pipelines',
  ]) {
    const full = path.join(DEFAULT_REPO_ROOT, dir);
    const files = fs.statSync(full).isDirectory()
      ? fs.readdirSync(full).map(f => path.join(full, f))
      : [full];
    for (const file of files.filter(f => f.endsWith('.yaml'))) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8')).map(
        d => d.toJS(),
      )) {
        const type = store.findTypeByKind(doc.apiVersion, doc.kind)!;
        store.create(type, type.namespaced ? 'shop' : undefined, doc);
      }
    }
  }
}

/** Polls until `ok` holds, for state that arrives through watches. */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}; last value: ${JSON.stringify(
          value,
        )?.slice(0, 500)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
