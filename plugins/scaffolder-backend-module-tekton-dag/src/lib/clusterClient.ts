import { InputError, NotFoundError } from '@backstage/errors';
import { KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import type {
  ClusterConnection,
  ClusterRegistry,
} from '@tekton-dag/plugin-tekton-dag-node';

/**
 * The named cluster (or the first one, as entities without `tekton-dag/cluster` use); an
 * unknown name is the step's input error, listing the clusters there are.
 */
export function findCluster(
  registry: ClusterRegistry,
  name: string | undefined,
): ClusterConnection {
  try {
    return registry.get(name);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new InputError(
      `${error.message} (configured: ${
        registry
          .list()
          .map(c => c.name)
          .join(', ') || 'none'
      })`,
    );
  }
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

  constructor(readonly cluster: ClusterConnection) {
    this.api = KubernetesObjectApi.makeApiClient(cluster.kubeConfig());
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
