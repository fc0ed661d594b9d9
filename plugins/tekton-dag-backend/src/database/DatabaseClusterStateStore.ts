import type { KubernetesObject } from '@kubernetes/client-node';
import type { Knex } from 'knex';
import type { ClusterStateStore, ClusterStatus } from './ClusterStateStore';
import { TABLES } from './tables';

const STATUS = TABLES.clusterStatus;
const PIPELINES = TABLES.pipelines;
const SCOPES = TABLES.pipelineScopes;
/** Rows per INSERT: 6 columns stay far under every database's parameter limit. */
const CHUNK = 200;

const versionOf = (object: KubernetesObject) => {
  const version = Number(object.metadata?.resourceVersion);
  return Number.isFinite(version) ? version : 0;
};

export class DatabaseClusterStateStore implements ClusterStateStore {
  constructor(private readonly db: Knex) {}

  async setStatus(
    cluster: string,
    status: Omit<ClusterStatus, 'updatedAt'>,
  ): Promise<void> {
    await this.db(STATUS)
      .insert({
        cluster,
        reachable: status.reachable,
        last_sync_at: status.lastSyncAt ?? null,
        watched_by: status.watchedBy ?? null,
        updated_at: new Date(),
      })
      .onConflict('cluster')
      .merge();
  }

  async getStatuses(): Promise<Map<string, ClusterStatus>> {
    const rows = await this.db(STATUS).select();
    return new Map(
      rows.map(row => [
        row.cluster,
        {
          reachable: !!row.reachable,
          lastSyncAt: row.last_sync_at ? new Date(row.last_sync_at) : undefined,
          watchedBy: row.watched_by ?? undefined,
          updatedAt: new Date(row.updated_at),
        },
      ]),
    );
  }

  private row(cluster: string, scope: string, pipeline: KubernetesObject) {
    return {
      cluster,
      scope,
      namespace: pipeline.metadata!.namespace!,
      name: pipeline.metadata!.name!,
      object: JSON.stringify(pipeline),
      resource_version: versionOf(pipeline),
    };
  }

  async replacePipelines(
    cluster: string,
    scope: string,
    pipelines: KubernetesObject[],
    watchedBy: string,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      // What the scope covers, whichever scope stored it (the watched namespaces may have
      // changed since): all the cluster's Pipelines for `*`, else one namespace's.
      const covered = tx(PIPELINES).where({ cluster });
      if (scope !== '*') covered.where({ namespace: scope });
      await covered.delete();
      const rows = pipelines.map(p => this.row(cluster, scope, p));
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx(PIPELINES)
          .insert(rows.slice(i, i + CHUNK))
          .onConflict(['cluster', 'namespace', 'name'])
          .merge();
      await tx(SCOPES)
        .insert({
          cluster,
          scope,
          synced: true,
          watched_by: watchedBy,
          updated_at: new Date(),
        })
        .onConflict(['cluster', 'scope'])
        .merge();
    });
  }

  async savePipeline(
    cluster: string,
    scope: string,
    pipeline: KubernetesObject,
  ): Promise<void> {
    await this.db(PIPELINES)
      .insert(this.row(cluster, scope, pipeline))
      .onConflict(['cluster', 'namespace', 'name'])
      .merge()
      .where(
        `${PIPELINES}.resource_version`,
        '<=',
        this.db.raw('excluded.resource_version'),
      );
  }

  async deletePipeline(
    cluster: string,
    namespace: string,
    name: string,
    resourceVersion: number,
  ): Promise<void> {
    // Never a Pipeline re-created since (a newer version).
    await this.db(PIPELINES)
      .where({ cluster, namespace, name })
      .where('resource_version', '<', resourceVersion)
      .delete();
  }

  async markPipelinesUnsynced(
    cluster: string,
    scope: string,
    watchedBy: string,
  ): Promise<void> {
    await this.db(SCOPES)
      .where({ cluster, scope, watched_by: watchedBy })
      .update({ synced: false, updated_at: new Date() });
  }

  async getPipeline(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<KubernetesObject | null | undefined> {
    const scopes = await this.db(SCOPES)
      .where({ cluster, synced: true })
      .whereIn('scope', [namespace, '*'])
      .select('scope');
    if (!scopes.length) return undefined;
    const row = await this.db(PIPELINES)
      .where({ cluster, namespace, name })
      .whereIn(
        'scope',
        scopes.map(s => s.scope),
      )
      .first('object');
    return row ? JSON.parse(row.object) : null;
  }
}
