import fs from 'fs';
import path from 'path';
import { DEFAULT_REPO_ROOT, LocalCluster } from '@tekton-dag/local-cluster';
import { parseAllDocuments } from 'yaml';

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
