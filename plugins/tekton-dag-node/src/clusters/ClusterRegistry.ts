import fs from 'fs';
import path from 'path';
import { KubeConfig } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import type { ClusterConfig } from './readClustersConfig';

/** Where the local cluster writes its kubeconfig: `.local-cluster/kubeconfig` above the cwd. */
export function findLocalKubeconfig(from = process.cwd()): string {
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

/**
 * One configured cluster and how to reach it. The KubeConfig holds the credentials; it never
 * leaves the backend. A kubeconfig file is read again when it changes, because the local
 * cluster writes a new token and port each time it starts.
 */
export class ClusterConnection {
  private loaded?: { kubeConfig: KubeConfig; mtimeMs?: number };

  constructor(readonly config: ClusterConfig) {}

  get name() {
    return this.config.name;
  }

  kubeConfig(): KubeConfig {
    const file = this.kubeconfigFile();
    const mtimeMs =
      file && fs.existsSync(file) ? fs.statSync(file).mtimeMs : undefined;
    if (!this.loaded || this.loaded.mtimeMs !== mtimeMs) {
      this.loaded = { kubeConfig: this.load(file), mtimeMs };
    }
    return this.loaded.kubeConfig;
  }

  private kubeconfigFile(): string | undefined {
    if (this.config.type === 'local')
      return this.config.kubeconfigPath ?? findLocalKubeconfig();
    if (this.config.type === 'kubeconfig') return this.config.kubeconfigPath;
    return undefined;
  }

  private load(file: string | undefined): KubeConfig {
    const kubeConfig = new KubeConfig();
    const { config } = this;
    switch (config.type) {
      case 'local':
        if (!file || !fs.existsSync(file)) {
          throw new NotFoundError(
            `Cluster "${config.name}" is the local cluster, but ${file} does not exist: start it with scripts/start.sh or yarn local-cluster start`,
          );
        }
        kubeConfig.loadFromFile(file);
        break;
      case 'kubeconfig':
        if (file) kubeConfig.loadFromFile(file);
        else kubeConfig.loadFromDefault();
        if (config.context) kubeConfig.setCurrentContext(config.context);
        break;
      case 'inCluster':
        kubeConfig.loadFromCluster();
        break;
      case 'url':
        kubeConfig.loadFromOptions({
          clusters: [
            {
              name: config.name,
              server: config.url!,
              caData: config.caData,
              skipTLSVerify: config.skipTLSVerify,
            },
          ],
          users: [{ name: config.name, token: config.serviceAccountToken }],
          contexts: [
            { name: config.name, cluster: config.name, user: config.name },
          ],
          currentContext: config.name,
        });
        break;
      default:
        throw new Error(
          `Unknown cluster type ${(config as ClusterConfig).type}`,
        );
    }
    return kubeConfig;
  }
}

/** The configured clusters, by name; entities without `tekton-dag/cluster` use the first. */
export class ClusterRegistry {
  private readonly connections: ClusterConnection[];

  constructor(clusters: ClusterConfig[]) {
    this.connections = clusters.map(c => new ClusterConnection(c));
  }

  list(): ClusterConnection[] {
    return [...this.connections];
  }

  get(name?: string): ClusterConnection {
    const found =
      name === undefined
        ? this.connections[0]
        : this.connections.find(c => c.name === name);
    if (!found) {
      throw new NotFoundError(
        name === undefined
          ? 'No cluster is configured under tektonDag.clusters'
          : `Cluster "${name}" is not configured under tektonDag.clusters`,
      );
    }
    return found;
  }
}
