import type { KubernetesObject } from '@kubernetes/client-node';

/** A cluster's watch as its watching replica last saw it. */
export interface ClusterStatus {
  reachable: boolean;
  lastSyncAt?: Date;
  /** The replica watching the cluster. */
  watchedBy?: string;
  updatedAt: Date;
}

/**
 * What the replica that watches a cluster shares with the others: the watch's status, and the
 * cluster's Pipelines by watched namespace (`scope`, or `*` for all), so entity pages on every
 * replica read Pipelines without asking the cluster.
 */
export interface ClusterStateStore {
  setStatus(
    cluster: string,
    status: Omit<ClusterStatus, 'updatedAt'>,
  ): Promise<void>;
  getStatuses(): Promise<Map<string, ClusterStatus>>;
  /** Replaces a scope's Pipelines with a list's, and marks the scope in sync. */
  replacePipelines(
    cluster: string,
    scope: string,
    pipelines: KubernetesObject[],
    watchedBy: string,
  ): Promise<void>;
  /** A watch event's Pipeline (an older resourceVersion never replaces a newer one). */
  savePipeline(
    cluster: string,
    scope: string,
    pipeline: KubernetesObject,
  ): Promise<void>;
  /** A deleted Pipeline (its last resourceVersion; a newer one, re-created, stays). */
  deletePipeline(
    cluster: string,
    namespace: string,
    name: string,
    resourceVersion: number,
  ): Promise<void>;
  /**
   * The scope's Pipelines may be stale now (its watch failed or stopped); only while the
   * scope was filled by `watchedBy`, so a replica that stops never unsyncs its successor's.
   */
  markPipelinesUnsynced(
    cluster: string,
    scope: string,
    watchedBy: string,
  ): Promise<void>;
  /**
   * A Pipeline: the object, `null` when a synced scope covers the namespace and has no such
   * Pipeline, `undefined` when no synced scope covers it (the caller asks the cluster).
   */
  getPipeline(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<KubernetesObject | null | undefined>;
}
