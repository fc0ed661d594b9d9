import type { Config } from '@backstage/config';

export const CLUSTER_TYPES = [
  'local',
  'kubeconfig',
  'inCluster',
  'url',
] as const;
export type ClusterType = (typeof CLUSTER_TYPES)[number];

/** A configured cluster, credentials included: it never leaves the backend. */
export interface ClusterConfig {
  name: string;
  type: ClusterType;
  url?: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify: boolean;
  kubeconfigPath?: string;
  context?: string;
  /** Namespaces to watch; undefined means all. */
  namespaces?: string[];
}

/** What may be shown about a cluster outside the backend. */
export interface PublicClusterInfo {
  name: string;
  type: ClusterType;
  namespaces?: string[];
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Reads `tektonDag.clusters`, failing at start-up with a message that names the bad key,
 * rather than later when a run is started.
 */
export function readClustersConfig(config: Config): ClusterConfig[] {
  const entries = config.getOptionalConfigArray('tektonDag.clusters') ?? [];
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const where = `tektonDag.clusters[${index}]`;
    const name = entry.getString('name');
    if (!CLUSTER_NAME.test(name)) {
      throw new Error(
        `${where}.name "${name}" must be lower-case letters, digits, '-' or '.'`,
      );
    }
    if (seen.has(name))
      throw new Error(`${where}.name "${name}" is used by another cluster`);
    seen.add(name);
    const type = entry.getString('type') as ClusterType;
    if (!CLUSTER_TYPES.includes(type)) {
      throw new Error(
        `${where}.type "${type}" must be one of ${CLUSTER_TYPES.join(', ')}`,
      );
    }
    const url = entry.getOptionalString('url');
    if (type === 'url') {
      if (!url)
        throw new Error(`${where}.url is required for a cluster of type "url"`);
      if (!/^https?:\/\//.test(url))
        throw new Error(`${where}.url must be an http(s) URL`);
    }
    return {
      name,
      type,
      url,
      serviceAccountToken: entry.getOptionalString('serviceAccountToken'),
      caData: entry.getOptionalString('caData'),
      skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
      kubeconfigPath: entry.getOptionalString('kubeconfigPath'),
      context: entry.getOptionalString('context'),
      namespaces: entry.getOptionalStringArray('namespaces'),
    };
  });
}

export function toPublicClusterInfo(cluster: ClusterConfig): PublicClusterInfo {
  return {
    name: cluster.name,
    type: cluster.type,
    namespaces: cluster.namespaces,
  };
}
