import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  CustomObjectsApi,
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
} from '@kubernetes/client-node';
import type { ClusterConnection } from '@tekton-dag/plugin-tekton-dag-node';
import type { ClusterStateStore } from '../database/ClusterStateStore';
import type { RunRecord, RunStore, TaskRunRecord } from '../database/RunStore';
import {
  attributionKey,
  attributionOf,
  RunAttribution,
} from '../catalog/runLabels';
import { SupervisedInformer } from '../watch/SupervisedInformer';
import { errorForLog } from '../logging/errorForLog';
import { Batcher } from './Batcher';
import type { IngestionHandler } from './IngestionHandler';
import { toRunRecord, toTaskRunRecord } from './toRecords';

/** Turns a run's attribution (label, community plugin id) into an entity ref, if known. */
export type EntityResolver = (
  attribution: RunAttribution,
) => string | undefined;

const newer = <T extends { resourceVersion: number }>(a: T, b: T) =>
  b.resourceVersion >= a.resourceVersion ? b : a;

type WatchedPlural = 'pipelineruns' | 'taskruns' | 'pipelines';

/** A Pipeline watch event, queued for the shared Pipeline cache. */
interface PipelineEvent {
  key: string;
  scope: string;
  object: KubernetesObject;
  deleted: boolean;
  resourceVersion: number;
}

const versionOf = (object: KubernetesObject) => {
  const version = Number(object.metadata?.resourceVersion);
  return Number.isFinite(version) ? version : 0;
};

const pipelineKey = (scope: string, object: KubernetesObject) =>
  `${scope}|${object.metadata?.namespace}/${object.metadata?.name}`;

/** How long stop() waits for handlers still at work. */
const STOP_WAIT_MS = 10_000;

/** How often a still-reachable cluster's "last sync" is written again. */
const STATUS_REFRESH_MS = 30_000;

/**
 * Tracks one cluster for the whole portal: one list+watch for PipelineRuns, one for TaskRuns
 * and one for Pipelines per watched namespace, however many entities, viewers and replicas
 * there are (only the replica holding the cluster's lease runs it; see ClusterIngestion).
 * Every run change is written to the store in batches, and the changes the store reports go
 * to the handlers (signals, log archiving, test summaries). Pipelines go to the shared cluster
 * state, for entity pages on every replica. Runs that are gone after a list, or deleted, are
 * marked pruned, never removed.
 */
export class ClusterTracker {
  private readonly informers: SupervisedInformer<KubernetesObject>[] = [];
  private readonly runs: Batcher<RunRecord>;
  private readonly taskRuns: Batcher<TaskRunRecord>;
  private readonly pipelines: Batcher<PipelineEvent>;
  /** resourceVersions of Pipelines written to the shared cache, by namespace/name. */
  private readonly pipelineVersions = new Map<string, number>();
  private readonly pending = new Set<Promise<unknown>>();
  private stopped = false;
  private statusWrittenAt = 0;
  lastSyncAt?: Date;
  reachable = false;

  constructor(
    private readonly options: {
      connection: ClusterConnection;
      store: RunStore;
      state: ClusterStateStore;
      logger: LoggerService;
      resolveEntity: EntityResolver;
      handlers?: IngestionHandler[];
      /** This replica, as written into the shared state. */
      replicaId: string;
      batchIntervalMs?: number;
    },
  ) {
    const { store, logger } = options;
    this.runs = new Batcher<RunRecord>({
      logger,
      keyOf: r => r.id,
      newer,
      intervalMs: options.batchIntervalMs,
      write: async items => {
        const changes = await store.upsertRuns(items);
        if (changes.length)
          this.dispatch('runsChanged', h => h.runsChanged?.(changes));
      },
    });
    this.taskRuns = new Batcher<TaskRunRecord>({
      logger,
      keyOf: r => r.uid,
      newer,
      intervalMs: options.batchIntervalMs,
      write: async items => {
        const changes = await store.upsertTaskRuns(items, {
          cluster: this.cluster,
        });
        if (changes.length)
          this.dispatch('taskRunsChanged', h =>
            h.taskRunsChanged?.(this.cluster, changes),
          );
      },
    });
    this.pipelines = new Batcher<PipelineEvent>({
      logger,
      keyOf: e => e.key,
      newer,
      intervalMs: options.batchIntervalMs,
      // In order: a delete and a re-create of one Pipeline must not cross.
      concurrency: 1,
      write: async events => {
        for (const event of events) {
          const { namespace, name } = event.object.metadata ?? {};
          if (event.deleted)
            await options.state.deletePipeline(
              this.cluster,
              namespace!,
              name!,
              event.resourceVersion,
            );
          else
            await options.state.savePipeline(
              this.cluster,
              event.scope,
              event.object,
            );
        }
      },
    });
  }

  private get cluster() {
    return this.options.connection.name;
  }

  /** Calls a handler method on every handler; a failing handler is logged, never fatal. */
  private dispatch(what: string, call: (handler: IngestionHandler) => unknown) {
    for (const handler of this.options.handlers ?? []) {
      const done = Promise.resolve()
        .then(() => call(handler))
        .catch(error =>
          this.options.logger.error(
            `tekton-dag ${what} handler failed for cluster ${this.cluster}`,
            errorForLog(error),
          ),
        )
        .finally(() => this.pending.delete(done));
      this.pending.add(done);
    }
  }

  private attributed(object: KubernetesObject): {
    entityRef?: string;
    attribution?: string;
  } {
    const attribution = attributionOf(object.metadata ?? {});
    if (!attribution) return {};
    if ('entityRef' in attribution) return { entityRef: attribution.entityRef };
    return {
      entityRef: this.options.resolveEntity(attribution),
      attribution: attributionKey(attribution),
    };
  }

  start() {
    const namespaces = this.options.connection.config.namespaces;
    for (const namespace of namespaces?.length ? namespaces : [undefined]) {
      this.watch('pipelineruns', namespace);
      this.watch('taskruns', namespace);
      this.watch('pipelines', namespace);
    }
    this.informers.forEach(informer => informer.start());
  }

  private watch(plural: WatchedPlural, namespace: string | undefined) {
    const scope = namespace ?? '*';
    const group = 'tekton.dev';
    const version = 'v1';
    const informer = new SupervisedInformer<KubernetesObject>({
      name: `${plural}/${scope} on cluster ${this.cluster}`,
      logger: this.options.logger,
      kubeConfig: () => this.options.connection.kubeConfig(),
      path: namespace
        ? `/apis/${group}/${version}/namespaces/${namespace}/${plural}`
        : `/apis/${group}/${version}/${plural}`,
      list: async (kubeConfig: KubeConfig) => {
        const api = kubeConfig.makeApiClient(CustomObjectsApi);
        try {
          return (await (namespace
            ? api.listNamespacedCustomObject({
                group,
                version,
                namespace,
                plural,
              })
            : api.listClusterCustomObject({
                group,
                version,
                plural,
              }))) as KubernetesListObject<KubernetesObject>;
        } catch (error) {
          this.setReachable(false);
          throw error;
        }
      },
      // Each list is a full view of the cluster: runs deleted meanwhile are found here, task
      // runs finished while nobody watched get their logs archived, and the shared Pipeline
      // cache is replaced whole.
      onList: async (items, listedAt, listVersion) => {
        this.setReachable(true);
        if (plural === 'pipelineruns') {
          const live = items.map(o => o.metadata?.uid);
          this.track(this.prune(live, namespace, listedAt, listVersion));
        } else if (plural === 'taskruns') {
          const records = items
            .map(object => toTaskRunRecord(object))
            .filter((r): r is TaskRunRecord => !!r);
          this.dispatch('taskRunsListed', h =>
            h.taskRunsListed?.(this.cluster, records),
          );
        } else {
          // Queued events are older than this list, which replaces them.
          this.pipelines.clear(event => event.scope === scope);
          await this.options.state.replacePipelines(
            this.cluster,
            scope,
            items,
            this.options.replicaId,
          );
          for (const key of [...this.pipelineVersions.keys()])
            if (key.startsWith(`${scope}|`)) this.pipelineVersions.delete(key);
          for (const item of items)
            this.pipelineVersions.set(
              pipelineKey(scope, item),
              versionOf(item),
            );
        }
      },
      onObject: object => this.onObject(plural, scope, object),
      onDelete: object => this.onDelete(plural, scope, object),
      onDown: () => {
        this.setReachable(false);
        if (plural === 'pipelines')
          this.track(
            this.options.state.markPipelinesUnsynced(
              this.cluster,
              scope,
              this.options.replicaId,
            ),
          );
      },
    });
    this.informers.push(informer);
  }

  private onObject(
    plural: WatchedPlural,
    scope: string,
    object: KubernetesObject,
  ) {
    if (plural === 'pipelineruns') {
      const { entityRef, attribution } = this.attributed(object);
      this.runs.add({
        ...toRunRecord(object, this.cluster, entityRef),
        entityAttribution: attribution,
      });
    } else if (plural === 'taskruns') {
      const record = toTaskRunRecord(object);
      if (record) this.taskRuns.add(record);
    } else {
      const key = pipelineKey(scope, object);
      const resourceVersion = versionOf(object);
      // A list's own objects come back as "add" events: they are written already.
      if (this.pipelineVersions.get(key) === resourceVersion) return;
      this.pipelineVersions.set(key, resourceVersion);
      this.pipelines.add({
        key,
        scope,
        object,
        deleted: false,
        resourceVersion,
      });
    }
  }

  private onDelete(
    plural: WatchedPlural,
    scope: string,
    object: KubernetesObject,
  ) {
    if (plural === 'pipelineruns' && object.metadata?.uid) {
      const uid = object.metadata.uid;
      // After the run's queued versions are written, so the mark is never overwritten.
      this.track(
        this.runs
          .flush()
          .then(() => this.options.store.markPruned([uid], new Date())),
        `Marking run ${object.metadata.name} of cluster ${this.cluster} pruned failed`,
      );
    } else if (plural === 'pipelines') {
      const key = pipelineKey(scope, object);
      this.pipelineVersions.delete(key);
      this.pipelines.add({
        key,
        scope,
        object,
        deleted: true,
        resourceVersion: versionOf(object) + 1,
      });
    }
  }

  /** Keeps a background write awaited by stop(), and logs it when it fails. */
  private track(work: Promise<unknown>, failure?: string) {
    const done = work
      .catch(error =>
        this.options.logger.error(
          failure ?? `tekton-dag tracking of cluster ${this.cluster} failed`,
          errorForLog(error),
        ),
      )
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** The watch's state, shared with the other replicas (on change, else now and then). */
  private setReachable(reachable: boolean) {
    if (this.stopped) return;
    const now = Date.now();
    if (reachable) this.lastSyncAt = new Date(now);
    const changed = reachable !== this.reachable;
    this.reachable = reachable;
    if (!changed && now - this.statusWrittenAt < STATUS_REFRESH_MS) return;
    this.statusWrittenAt = now;
    this.track(
      this.options.state.setStatus(this.cluster, {
        reachable,
        lastSyncAt: this.lastSyncAt,
        watchedBy: this.options.replicaId,
      }),
      `Recording the status of cluster ${this.cluster} failed`,
    );
  }

  /**
   * After a (re)list: runs the store thinks are live but the list did not have. Only runs the
   * list could have shown count (stored at a version no newer than the list's, and created
   * before it started), so one created meanwhile (by the portal, or seen by another replica)
   * is never pruned by mistake.
   */
  private async prune(
    live: Array<string | undefined>,
    namespace: string | undefined,
    listedAt: Date,
    listVersion: string | undefined,
  ) {
    await this.runs.flush();
    const seen = new Set(live);
    const version = Number(listVersion);
    const known = await this.options.store.listLiveRunUids(
      this.cluster,
      namespace ? [namespace] : undefined,
      listedAt,
      Number.isFinite(version) && version > 0 ? version : undefined,
    );
    const gone = known.filter(uid => !seen.has(uid));
    if (gone.length) await this.options.store.markPruned(gone, new Date());
  }

  /** Writes everything queued so far (tests and shutdown). */
  async flush() {
    await this.runs.flush();
    await this.taskRuns.flush();
    await this.pipelines.flush();
  }

  async stop() {
    this.stopped = true;
    await Promise.allSettled(this.informers.map(i => i.stop()));
    await this.runs.stop();
    await this.taskRuns.stop();
    await this.pipelines.stop();
    const namespaces = this.options.connection.config.namespaces;
    for (const namespace of namespaces?.length ? namespaces : [undefined])
      this.track(
        this.options.state.markPipelinesUnsynced(
          this.cluster,
          namespace ?? '*',
          this.options.replicaId,
        ),
      );
    // Handlers still at work (archiving logs, say) get a while to finish; what they leave is
    // caught up on by the next watcher's list.
    const deadline = Date.now() + STOP_WAIT_MS;
    while (this.pending.size && Date.now() < deadline)
      await Promise.race([
        Promise.allSettled([...this.pending]),
        new Promise(resolve => setTimeout(resolve, deadline - Date.now())),
      ]);
  }
}
