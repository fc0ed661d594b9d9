import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ClusterRegistry } from '@tekton-dag/plugin-tekton-dag-node';
import type {
  ClusterStateStore,
  ClusterStatus,
} from '../database/ClusterStateStore';
import type { LeaseStore } from '../database/LeaseStore';
import type { RunStore } from '../database/RunStore';
import { ClusterTracker, EntityResolver } from './ClusterTracker';
import type { IngestionHandler } from './IngestionHandler';
import { errorForLog } from '../logging/errorForLog';

export interface OwnershipTiming {
  /** How long a lease lasts without renewal: the longest a dead replica's clusters go unwatched. */
  leaseMs: number;
  /** How often each replica renews its leases and tries to take free ones. */
  renewMs: number;
}

const leaseName = (cluster: string) => `cluster:${cluster}`;

export const DEFAULT_OWNERSHIP_TIMING: OwnershipTiming = {
  leaseMs: 10_000,
  renewMs: 2_500,
};

/**
 * Ingestion for the whole portal: one tracker per configured cluster, run by exactly one
 * replica, the holder of the cluster's lease (`cluster:<name>`). Every replica renews what it
 * holds and tries to take what is free; a replica that dies stops renewing, and another takes
 * its clusters over once the lease expires (it lists, so nothing that happened meanwhile is
 * missed). Without a lease store (SQLite: one replica) this replica watches every cluster.
 *
 * What the watching replica learns is shared through the database, so every replica answers
 * the cluster status and serves Pipelines to entity pages without asking the cluster.
 */
export class ClusterIngestion {
  private readonly trackers = new Map<string, ClusterTracker>();
  /** Start or stop in progress per cluster, so two rounds never overlap on one cluster. */
  private readonly transitions = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly options: {
      registry: ClusterRegistry;
      store: RunStore;
      state: ClusterStateStore;
      /** Undefined: this replica is the only one, and watches every cluster. */
      leases?: LeaseStore;
      logger: LoggerService;
      resolveEntity: EntityResolver;
      handlers: IngestionHandler[];
      replicaId: string;
      timing?: OwnershipTiming;
      batchIntervalMs?: number;
    },
  ) {}

  private get timing() {
    return this.options.timing ?? DEFAULT_OWNERSHIP_TIMING;
  }

  /** Starts taking part: at once, then every `renewMs`. */
  start() {
    this.stopped = false;
    const tick = () => {
      this.round = this.claimRound().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.timing.renewMs);
      });
    };
    tick();
  }

  /** Clusters this replica watches now. */
  get watched(): string[] {
    return [...this.trackers.keys()];
  }

  /** The tracker of a cluster this replica watches (tests flush it). */
  trackerOf(cluster: string): ClusterTracker | undefined {
    return this.trackers.get(cluster);
  }

  /**
   * Renews or takes every cluster's lease, then starts or stops trackers accordingly. The
   * starts and stops run in the background, one at a time per cluster, so a tracker that is
   * slow to stop (writing what it queued) never delays the renewal of other leases.
   */
  private async claimRound() {
    const clusters = this.options.registry.list().map(c => c.name);
    const held = await Promise.all(
      clusters.map(cluster => this.holds(cluster)),
    );
    clusters.forEach((cluster, i) => {
      if (held[i] === undefined || this.stopped) return;
      if (held[i] && !this.trackers.has(cluster)) this.startTracker(cluster);
      if (!held[i] && this.trackers.has(cluster))
        this.stopTracker(cluster, 'another replica holds its lease');
    });
  }

  /** Runs a start or stop after the cluster's previous one, and remembers it. */
  private inTurn(cluster: string, step: () => Promise<void>): Promise<void> {
    const previous = this.transitions.get(cluster) ?? Promise.resolve();
    const next = previous
      .then(step)
      .catch(error =>
        this.options.logger.error(
          `Starting or stopping the tracker of cluster ${cluster} failed`,
          errorForLog(error),
        ),
      )
      .finally(() => {
        if (this.transitions.get(cluster) === next)
          this.transitions.delete(cluster);
      });
    this.transitions.set(cluster, next);
    return next;
  }

  /** Whether this replica holds the cluster's lease now; undefined when it cannot tell. */
  private async holds(cluster: string): Promise<boolean | undefined> {
    const { leases } = this.options;
    if (!leases) return true;
    try {
      return await leases.acquire(
        leaseName(cluster),
        this.options.replicaId,
        this.timing.leaseMs,
      );
    } catch (error) {
      // The database is unreachable: keep doing what we did. Two replicas watching for a
      // moment is harmless (writes are idempotent and each change is reported once).
      this.options.logger.warn(
        `Renewing the watch lease of cluster ${cluster} failed`,
        errorForLog(error),
      );
      return undefined;
    }
  }

  private startTracker(cluster: string) {
    const tracker = new ClusterTracker({
      connection: this.options.registry.get(cluster),
      store: this.options.store,
      state: this.options.state,
      logger: this.options.logger,
      resolveEntity: this.options.resolveEntity,
      handlers: this.options.handlers,
      replicaId: this.options.replicaId,
      batchIntervalMs: this.options.batchIntervalMs,
    });
    this.trackers.set(cluster, tracker);
    return this.inTurn(cluster, async () => {
      if (this.trackers.get(cluster) !== tracker) return; // stopped meanwhile
      this.options.logger.info(
        `Replica ${this.options.replicaId} now watches cluster ${cluster}`,
      );
      tracker.start();
    });
  }

  private stopTracker(cluster: string, why: string): Promise<void> {
    const tracker = this.trackers.get(cluster);
    if (!tracker) return Promise.resolve();
    this.trackers.delete(cluster);
    return this.inTurn(cluster, async () => {
      this.options.logger.info(
        `Replica ${this.options.replicaId} stops watching cluster ${cluster}: ${why}`,
      );
      await tracker.stop();
    });
  }

  /** Stops every tracker (writing what they queued) and gives the leases up at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    const clusters = [...this.trackers.keys()];
    await Promise.allSettled(
      clusters.map(cluster => this.stopTracker(cluster, 'shutting down')),
    );
    await Promise.allSettled([...this.transitions.values()]);
    const { leases } = this.options;
    if (leases)
      await Promise.allSettled(
        clusters.map(cluster =>
          leases.release(leaseName(cluster), this.options.replicaId),
        ),
      );
  }

  /** Every cluster's watch status, as its watching replica (maybe another) recorded it. */
  clusterStatuses(): Promise<Map<string, ClusterStatus>> {
    return this.options.state.getStatuses();
  }

  /**
   * A Pipeline from the watching replica's watch, shared through the database: the object,
   * `null` when the watch is in sync and has no such Pipeline, `undefined` when it cannot tell
   * (namespace not watched, not listed yet, watch failing), so the caller asks the cluster.
   */
  cachedPipeline(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<KubernetesObject | null | undefined> {
    return this.options.state.getPipeline(cluster, namespace, name);
  }
}
