import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';

/** The manifests of an Application's directory source, as Argo CD reads them. */
export function readManifests(dir: string, recurse = false): any[] {
  if (!fs.existsSync(dir)) throw new Error(`app path does not exist: ${dir}`);
  const documents: any[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recurse) documents.push(...readManifests(file, true));
      continue;
    }
    if (/\.ya?ml$/.test(entry.name)) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        if (doc.errors.length)
          throw new Error(`${file}: ${doc.errors[0].message}`);
        const value = doc.toJS();
        if (value?.kind) documents.push(value);
      }
    } else if (entry.name.endsWith('.json')) {
      const value = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (value?.kind) documents.push(value);
    }
  }
  return documents;
}

/** Argo CD's order inside one sync wave: namespaces and definitions first, workloads last. */
const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'Deployment',
];

export function syncWaveOf(object: any): number {
  const wave = Number(
    object.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0,
  );
  return Number.isFinite(wave) ? wave : 0;
}

export function syncOrder(a: any, b: any): number {
  const byWave = syncWaveOf(a) - syncWaveOf(b);
  if (byWave) return byWave;
  const rank = (o: any) => {
    const index = KIND_ORDER.indexOf(o.kind);
    return index < 0 ? KIND_ORDER.length : index;
  };
  return (
    rank(a) - rank(b) ||
    String(a.metadata?.name).localeCompare(String(b.metadata?.name))
  );
}

/**
 * Whether the live object still holds what git says: every field of the desired object has the
 * same value live (the server's own additions, like uid or status, do not count).
 */
export function matchesDesired(desired: any, live: any): boolean {
  if (desired === live) return true;
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      desired.length === live.length &&
      desired.every((d, i) => matchesDesired(d, live[i]))
    );
  }
  if (desired && typeof desired === 'object') {
    if (!live || typeof live !== 'object') return false;
    return Object.entries(desired).every(([key, value]) =>
      matchesDesired(value, live[key]),
    );
  }
  // YAML numbers and strings may meet (e.g. ports); compare as text.
  return (
    desired !== undefined &&
    live !== undefined &&
    String(desired) === String(live)
  );
}
