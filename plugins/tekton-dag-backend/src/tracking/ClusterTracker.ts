import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  CustomObjectsApi,
  Informer,
  KubernetesObject,
  makeInformer,
  ObjectCache,
} from '@kubernetes/client-node';

type CachingInformer = Informer<KubernetesObject> &
  ObjectCache<KubernetesObject>;
import type { ClusterConnection } from '../clusters/ClusterRegistry';
import type { RunRecord, RunStore, TaskRunRecord } from '../store/RunStore';
import { attributionOf, RunAttribution } from '../catalog/runLabels';
import { Batcher } from './Batcher';
import { ReconnectBackoff } from '../watch/ReconnectBackoff';
import { toRunRecord, toTaskRunRecord } from './toRecords';

/** Turns a run's attribution (label, community plugin id) into an entity ref, if known. */
export type EntityResolver = (
  attribution: RunAttribution,
) => string | undefined;

export interface TrackerEvents {
  /** A run's row changed (after it was written): for live updates to the browser. */
  onRunsWritten?: (runs: RunRecord[]) => void;
  onTaskRunsWritten?: (taskRuns: TaskRunRecord[]) => void;
}

const newer = <T extends { resourceVersion: number }>(a: T, b: T) =>
  b.resourceVersion >= a.resourceVersion ? b : a;

type WatchedPlural = 'pipelineruns' | 'taskruns' | 'pipelines';

/**
 * Tracks one cluster: one list+watch (informer) for PipelineRuns, one for TaskRuns and one for
 * Pipelines, however many entities and viewers there are. Every run change is written to the
 * store in batches; Pipelines are kept in memory so entity pages read them without asking the
 * API server. A watch that fails (410 Gone, the API server going away) is restarted with
 * backoff and lists again; runs that are gone after a list, or deleted, are marked pruned,
 * never removed.
 */
export class ClusterTracker {
  private informers: CachingInformer[] = [];
  private readonly runs: Batcher<RunRecord>;
  private readonly taskRuns: Batcher<TaskRunRecord>;
  private stopped = false;
  private restartTimers = new Set<NodeJS.Timeout>();
  private readonly backoffs = new Map<string, ReconnectBackoff>();
  /** The Pipelines informer per watched namespace ('*' for all), once it has listed. */
  private pipelineCaches = new Map<string, CachingInformer>();
  /** Lists seen per kind: tests and the /clusters route read it as "last sync". */
  lastSyncAt?: Date;
  reachable = false;

  constructor(
    private readonly options: {
      connection: ClusterConnection;
      store: RunStore;
      logger: LoggerService;
      resolveEntity: EntityResolver;
      events?: TrackerEvents;
      batchIntervalMs?: number;
    },
  ) {
    const { store, logger, events } = options;
    this.runs = new Batcher<RunRecord>({
      logger,
      keyOf: r => r.id,
      newer,
      intervalMs: options.batchIntervalMs,
      write: async items => {
        await store.upsertRuns(items);
        events?.onRunsWritten?.(items);
      },
    });
    this.taskRuns = new Batcher<TaskRunRecord>({
      logger,
      keyOf: r => r.uid,
      newer,
      intervalMs: options.batchIntervalMs,
      write: async items => {
        await store.upsertTaskRuns(items);
        events?.onTaskRunsWritten?.(items);
      },
    });
  }

  private get cluster() {
    return this.options.connection.name;
  }

  private entityRefOf(object: KubernetesObject): string | undefined {
    const attribution = attributionOf(object.metadata ?? {});
    if (!attribution) return undefined;
    if ('entityRef' in attribution) return attribution.entityRef;
    return this.options.resolveEntity(attribution);
  }

  start() {
    const namespaces = this.options.connection.config.namespaces;
    for (const namespace of namespaces?.length ? namespaces : [undefined]) {
      this.watch('pipelineruns', namespace);
      this.watch('taskruns', namespace);
      this.watch('pipelines', namespace);
    }
  }

  /**
   * A Pipeline from the watch cache: the object, `null` when the cache is in sync and has no
   * such Pipeline, `undefined` when the cache cannot tell (namespace not watched, not listed
   * yet, watch failing), so the caller asks the API server.
   */
  cachedPipeline(
    namespace: string,
    name: string,
  ): KubernetesObject | null | undefined {
    const cache =
      this.pipelineCaches.get(namespace) ?? this.pipelineCaches.get('*');
    if (!cache) return undefined;
    return cache.get(name, namespace) ?? null;
  }

  private watch(plural: WatchedPlural, namespace: string | undefined) {
    const cacheKey = namespace ?? '*';
    const key = `${plural}/${cacheKey}`;
    let kubeConfig;
    try {
      kubeConfig = this.options.connection.kubeConfig();
    } catch (error) {
      this.restartLater(key, () => this.watch(plural, namespace), error);
      return;
    }
    const api = kubeConfig.makeApiClient(CustomObjectsApi);
    const group = 'tekton.dev';
    const version = 'v1';
    const path = namespace
      ? `/apis/${group}/${version}/namespaces/${namespace}/${plural}`
      : `/apis/${group}/${version}/${plural}`;
    // Assigned below; the list function runs only once the informer exists.
    // eslint-disable-next-line prefer-const
    let informer: CachingInformer;
    // The informer lists on start and after every failed watch: each list is a full view of
    // the cluster, so it is also when runs deleted meanwhile are found and marked pruned.
    const list = async () => {
      const listedAt = new Date();
      try {
        const result: any = await (namespace
          ? api.listNamespacedCustomObject({
              group,
              version,
              namespace,
              plural,
            })
          : api.listClusterCustomObject({ group, version, plural }));
        // Stopped or replaced while listing: failing here keeps the informer from opening a
        // watch that nobody would ever stop.
        if (!this.informers.includes(informer)) throw new Error('stopped');
        this.backoffOf(key).connected();
        this.reachable = true;
        this.lastSyncAt = new Date();
        if (plural === 'pipelineruns') {
          const live = (result.items ?? []).map(
            (o: KubernetesObject) => o.metadata?.uid,
          );
          void this.prune(live, namespace, listedAt);
        }
        if (plural === 'pipelines') {
          // The informer fills its cache from this list right after it returns.
          setImmediate(() => this.pipelineCaches.set(cacheKey, informer));
        }
        return result;
      } catch (error) {
        this.reachable = false;
        throw error;
      }
    };
    informer = makeInformer<KubernetesObject>(kubeConfig, path, list);
    this.informers.push(informer);

    const onObject = (object: KubernetesObject) => {
      if (plural === 'pipelines') return; // read from the informer's cache
      if (plural === 'pipelineruns')
        this.runs.add(
          toRunRecord(object, this.cluster, this.entityRefOf(object)),
        );
      else {
        const record = toTaskRunRecord(object);
        if (record) this.taskRuns.add(record);
      }
    };
    informer.on('add', onObject);
    informer.on('update', onObject);
    informer.on('delete', object => {
      if (plural === 'pipelineruns' && object.metadata?.uid) {
        void this.runs
          .flush()
          .then(() =>
            this.options.store.markPruned([object.metadata!.uid!], new Date()),
          );
      }
    });
    // Either path drops this informer and starts a new one later, once: the first to run wins.
    const restart = (error: unknown) => {
      if (!this.informers.includes(informer)) return;
      this.reachable = false;
      if (this.pipelineCaches.get(cacheKey) === informer)
        this.pipelineCaches.delete(cacheKey);
      this.informers = this.informers.filter(i => i !== informer);
      void informer.stop();
      this.restartLater(key, () => this.watch(plural, namespace), error);
    };
    informer.on('error', restart);
    informer.start().catch(restart);
  }

  /**
   * After a (re)list: runs the store thinks are live but the list did not have. Only runs
   * created before the list started count, so one created meanwhile is never pruned by mistake.
   */
  private async prune(
    live: Array<string | undefined>,
    namespace: string | undefined,
    listedAt: Date,
  ) {
    try {
      await this.runs.flush();
      const seen = new Set(live);
      const known = await this.options.store.listLiveRunUids(
        this.cluster,
        namespace ? [namespace] : undefined,
        listedAt,
      );
      const gone = known.filter(uid => !seen.has(uid));
      if (gone.length) await this.options.store.markPruned(gone, new Date());
    } catch (error) {
      this.options.logger.warn(
        `Pruning runs of cluster ${this.cluster} failed: ${error}`,
      );
    }
  }

  private backoffOf(key: string): ReconnectBackoff {
    let backoff = this.backoffs.get(key);
    if (!backoff) {
      backoff = new ReconnectBackoff();
      this.backoffs.set(key, backoff);
    }
    return backoff;
  }

  private restartLater(key: string, restart: () => void, error: unknown) {
    if (this.stopped) return;
    const delay = this.backoffOf(key).failed();
    this.options.logger.warn(
      `Watching ${key} on cluster ${this.cluster} failed (${error}); retrying in ${delay} ms`,
    );
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (!this.stopped) restart();
    }, delay);
    this.restartTimers.add(timer);
  }

  /** Writes everything queued so far (tests and shutdown). */
  async flush() {
    await this.runs.flush();
    await this.taskRuns.flush();
  }

  async stop() {
    this.stopped = true;
    for (const timer of this.restartTimers) clearTimeout(timer);
    // Emptied first, so a list still in flight sees it was stopped (see watch()).
    const informers = this.informers;
    this.informers = [];
    await Promise.allSettled(informers.map(i => i.stop()));
    this.pipelineCaches.clear();
    await this.runs.stop();
    await this.taskRuns.stop();
  }
}
