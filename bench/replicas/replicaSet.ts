/* eslint-disable no-console */
import fs from 'fs';
import path from 'path';
import { LocalCluster, startLocalCluster } from '@tekton-dag/local-cluster';
import {
  dropReplicaDatabases,
  prepareShopApi,
  SHOP_API_REF,
  waitForShopApi,
  guestToken,
  queryPluginDatabase,
  Replica,
  replicaPostgres,
  replicaWorkDir,
  startReplica,
  tektonDagApi,
  waitFor,
} from '../../packages/backend/src/__testUtils__/replicas';
import { TcpProxy } from './TcpProxy';

export const ENTITY_REF = SHOP_API_REF;

/**
 * What the replica benchmarks run against: a local cluster (optionally running steps), two
 * portal replicas (packages/backend as processes) on one PostgreSQL server reached through a
 * proxy the benchmark can cut, and a guest's token.
 */
export class ReplicaSet {
  readonly replicas: Replica[] = [];
  readonly dir = replicaWorkDir('tekton-dag-bench-');
  readonly prefix = `tdb_${process.pid}_`;
  cluster!: LocalCluster;
  proxy!: TcpProxy;
  private catalogFile!: string;
  token!: string;
  private proxyUrl!: string;
  readonly postgres: string;

  constructor(private readonly options: { executor: boolean }) {
    this.postgres = replicaPostgres() ?? 'postgresql://postgres@127.0.0.1:5432';
  }

  async start() {
    const server = new URL(this.postgres);
    this.proxy = new TcpProxy({
      host: server.hostname,
      port: Number(server.port || 5432),
    });
    const proxyPort = await this.proxy.listen();
    const viaProxy = new URL(this.postgres);
    viaProxy.host = `127.0.0.1:${proxyPort}`;
    this.proxyUrl = viaProxy.toString();

    this.cluster = await startLocalCluster({
      kubeconfigPath: path.join(this.dir, 'kubeconfig'),
      stateDir: path.join(this.dir, 'cluster'),
      executor: {
        enabled: this.options.executor,
        workDir: path.join(this.dir, 'runs'),
      },
      // Enough history for watches to resume after the faults that should not relist.
      watchHistoryLimit: 100_000,
    });
    this.catalogFile = prepareShopApi(this.cluster, this.dir, 'echo said');
    for (const name of ['a', 'b'])
      this.replicas.push(await this.startReplica(name));
    this.token = await guestToken(this.replicas[0]);
    await waitForShopApi(this.replicas[1], this.token);
    console.log(`Replicas' logs: ${this.dir}`);
  }

  /** Starts (or starts again) replica `name`: a, b, ... on ports 7281, 7282, ... */
  async startReplica(name: string): Promise<Replica> {
    const replica = await startReplica({
      name,
      port: 7281 + name.charCodeAt(0) - 'a'.charCodeAt(0),
      databasePrefix: this.prefix,
      postgres: this.proxyUrl,
      kubeconfigPath: this.cluster.kubeconfigPath,
      catalogFile: this.catalogFile,
      logDir: this.dir,
    });
    const index = this.replicas.findIndex(r => r.name === name);
    if (index >= 0) this.replicas[index] = replica;
    return replica;
  }

  /** A query on the tekton-dag database, straight to PostgreSQL (never through the proxy). */
  query<T = any>(sql: string, values: unknown[] = []) {
    return queryPluginDatabase<T>(
      this.postgres,
      `${this.prefix}tekton-dag`,
      sql,
      values,
    );
  }

  /** The replica holding the cluster's watch lease now. */
  async owner(): Promise<Replica | undefined> {
    const [row] = await this.query(
      "select holder from tekton_dag_leases where name = 'cluster:local' and expires_at > now()",
    );
    return this.replicas.find(r => row?.holder?.includes(`-${r.process.pid}-`));
  }

  /** A PipelineRun of the quick pipeline, created on the cluster as Tekton Triggers would. */
  createRun(): string {
    const type = this.cluster.store.findType(
      'tekton.dev',
      'v1',
      'pipelineruns',
    )!;
    return this.cluster.store.create(type, 'shop', {
      metadata: {
        generateName: 'quick-',
        annotations: { 'tekton-dag.io/entity-ref': ENTITY_REF },
      },
      spec: { pipelineRef: { name: 'quick-pipeline' } },
    }).metadata.uid;
  }

  /** Stops everything and drops the databases; the logs stay unless `removeLogs`. */
  async stop(removeLogs: boolean) {
    await Promise.all(this.replicas.map(r => r.kill('SIGKILL')));
    await this.cluster?.stop();
    await this.proxy?.close();
    await dropReplicaDatabases(this.postgres, this.prefix);
    if (removeLogs) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
