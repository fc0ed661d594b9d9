import fs from 'fs';
import path from 'path';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
} from '@kubernetes/client-node';

/**
 * A cluster of `tektonDag.clusters`, read the way the tekton-dag backend reads it (the same
 * keys and types); only what this module needs to reach it.
 */
export interface ClusterEntry {
  name: string;
  type: 'local' | 'kubeconfig' | 'inCluster' | 'url';
  url?: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify: boolean;
  kubeconfigPath?: string;
  context?: string;
}

const CLUSTER_TYPES = ['local', 'kubeconfig', 'inCluster', 'url'];

/** The configured clusters. Their names and types are checked; the backend checks the rest. */
export function readClusters(config: Config): ClusterEntry[] {
  return (config.getOptionalConfigArray('tektonDag.clusters') ?? []).map(
    (entry, index) => {
      const type = entry.getString('type');
      if (!CLUSTER_TYPES.includes(type)) {
        throw new Error(
          `tektonDag.clusters[${index}].type "${type}" must be one of ${CLUSTER_TYPES.join(
            ', ',
          )}`,
        );
      }
      return {
        name: entry.getString('name'),
        type: type as ClusterEntry['type'],
        url: entry.getOptionalString('url'),
        serviceAccountToken: entry.getOptionalString('serviceAccountToken'),
        caData: entry.getOptionalString('caData'),
        skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
        kubeconfigPath: entry.getOptionalString('kubeconfigPath'),
        context: entry.getOptionalString('context'),
      };
    },
  );
}

/** The named cluster, or the first one (as entities without `tekton-dag/cluster` use). */
export function findCluster(
  clusters: ClusterEntry[],
  name: string | undefined,
): ClusterEntry {
  const found =
    name === undefined ? clusters[0] : clusters.find(c => c.name === name);
  if (!found) {
    throw new InputError(
      name === undefined
        ? 'No cluster is configured under tektonDag.clusters'
        : `Cluster "${name}" is not configured under tektonDag.clusters (configured: ${
            clusters.map(c => c.name).join(', ') || 'none'
          })`,
    );
  }
  return found;
}

/** Where the local cluster writes its kubeconfig: `.local-cluster/kubeconfig` above the cwd. */
function findLocalKubeconfig(from = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, '.local-cluster', 'kubeconfig');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir)
      return path.join(path.resolve(from), '.local-cluster', 'kubeconfig');
    dir = parent;
  }
}

/** A KubeConfig for the cluster, built afresh (the local cluster's token changes on restart). */
export function kubeConfigFor(cluster: ClusterEntry): KubeConfig {
  const kubeConfig = new KubeConfig();
  switch (cluster.type) {
    case 'local': {
      const file = cluster.kubeconfigPath ?? findLocalKubeconfig();
      if (!fs.existsSync(file)) {
        throw new NotFoundError(
          `Cluster "${cluster.name}" is the local cluster, but ${file} does not exist: start it with scripts/start.sh or yarn local-cluster start`,
        );
      }
      kubeConfig.loadFromFile(file);
      break;
    }
    case 'kubeconfig':
      if (cluster.kubeconfigPath)
        kubeConfig.loadFromFile(cluster.kubeconfigPath);
      else kubeConfig.loadFromDefault();
      if (cluster.context) kubeConfig.setCurrentContext(cluster.context);
      break;
    case 'inCluster':
      kubeConfig.loadFromCluster();
      break;
    case 'url':
      if (!cluster.url)
        throw new Error(`Cluster "${cluster.name}" of type url has no url`);
      kubeConfig.loadFromOptions({
        clusters: [
          {
            name: cluster.name,
            server: cluster.url,
            caData: cluster.caData,
            skipTLSVerify: cluster.skipTLSVerify,
          },
        ],
        users: [{ name: cluster.name, token: cluster.serviceAccountToken }],
        contexts: [
          { name: cluster.name, cluster: cluster.name, user: cluster.name },
        ],
        currentContext: cluster.name,
      });
      break;
    default:
      throw new Error(`Unknown cluster type ${(cluster as ClusterEntry).type}`);
  }
  return kubeConfig;
}

function statusCode(error: unknown): number | undefined {
  const e = error as any;
  return e?.code ?? e?.statusCode ?? e?.response?.statusCode;
}

/** The API server's own message of a failed request, else the error's. */
function messageOf(error: unknown): string {
  const body = (error as any)?.body;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body);
      if (typeof parsed?.message === 'string') return parsed.message;
    } catch {
      // not JSON: fall through
    }
  } else if (typeof body?.message === 'string') {
    return body.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export type ApplyAction = 'created' | 'configured' | 'unchanged';

/** A type, not an interface: checkpoints store it as JSON. */
export type AppliedObject = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  action: ApplyAction;
};

/**
 * Creates or replaces objects on a cluster, like `kubectl apply` without its merge: an object
 * that exists is replaced by the manifest (at its current resourceVersion), so applying the
 * same manifests twice changes nothing.
 */
export class ClusterClient {
  private readonly api: KubernetesObjectApi;

  constructor(readonly cluster: ClusterEntry) {
    this.api = KubernetesObjectApi.makeApiClient(kubeConfigFor(cluster));
  }

  private async tryRead(
    header: KubernetesObject,
  ): Promise<KubernetesObject | undefined> {
    try {
      return await this.api.read(header as any);
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw this.failure(`read ${header.kind} ${header.metadata?.name}`, error);
    }
  }

  private failure(what: string, error: unknown): Error {
    return new Error(
      `Could not ${what} on cluster "${this.cluster.name}": ${messageOf(
        error,
      )}`,
    );
  }

  /** Makes sure the namespace exists, creating it when `create` is set. */
  async ensureNamespace(namespace: string, create: boolean): Promise<boolean> {
    const header = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    };
    if (await this.tryRead(header)) return false;
    if (!create) {
      throw new NotFoundError(
        `Namespace "${namespace}" does not exist on cluster "${this.cluster.name}"; set createNamespace to create it`,
      );
    }
    try {
      await this.api.create(header);
      return true;
    } catch (error) {
      if (statusCode(error) === 409) return false;
      throw this.failure(`create namespace ${namespace}`, error);
    }
  }

  /** The objects of a kind in a namespace; empty when the kind is not served. */
  async list(
    apiVersion: string,
    kind: string,
    namespace: string,
  ): Promise<KubernetesObject[]> {
    try {
      const list = await this.api.list(apiVersion, kind, namespace);
      return list.items ?? [];
    } catch (error) {
      if (statusCode(error) === 404) return [];
      throw this.failure(`list ${kind} in ${namespace}`, error);
    }
  }

  /** Creates or replaces one namespaced object. */
  async apply(
    manifest: KubernetesObject,
    namespace: string,
  ): Promise<AppliedObject> {
    const { apiVersion, kind } = manifest as {
      apiVersion: string;
      kind: string;
    };
    const name = manifest.metadata!.name!;
    const object = {
      ...manifest,
      metadata: { ...manifest.metadata, namespace },
    };
    const result = { apiVersion, kind, name, namespace };
    const current = await this.tryRead(object);
    if (!current) {
      try {
        await this.api.create(object);
        return { ...result, action: 'created' };
      } catch (error) {
        throw this.failure(`create ${kind} ${namespace}/${name}`, error);
      }
    }
    const before = current.metadata?.resourceVersion;
    try {
      const replaced = await this.api.replace({
        ...object,
        metadata: { ...object.metadata, resourceVersion: before },
      });
      return {
        ...result,
        action:
          replaced.metadata?.resourceVersion === before
            ? 'unchanged'
            : 'configured',
      };
    } catch (error) {
      throw this.failure(`replace ${kind} ${namespace}/${name}`, error);
    }
  }
}
