import type {
  PipelineSpec,
  Page,
  Run,
  RunStatus,
  SkippedTask,
  TaskRunSummary,
} from '@tekton-dag/plugin-tekton-dag-common';

/** A run as stored: what the API shows plus what tracking needs to order writes. */
export interface RunRecord extends Run {
  /** The cluster object's resourceVersion; a write never replaces a newer one. */
  resourceVersion: number;
  conditions: Array<Record<string, unknown>>;
  /** The Pipeline spec the run ran, as Tekton recorded it; its DAG is drawn from this. */
  pipelineSpec?: PipelineSpec;
  /** Pipeline tasks Tekton did not run (status.skippedTasks). */
  skippedTasks?: SkippedTask[];
}

export interface TaskRunRecord extends TaskRunSummary {
  uid: string;
  runUid: string;
  resourceVersion: number;
  /** Known from watch events (not stored: a run's task runs share its namespace). */
  namespace?: string;
}

export interface RunFilter {
  entityRef?: string;
  pipeline?: string;
  status?: RunStatus[];
  cluster?: string;
  /** Free text: matches run name, pipeline, entity ref or revision. */
  q?: string;
  /** Runs of any of these entities (e.g. those a team owns); an empty list matches nothing. */
  entityRefs?: string[];
  /** Runs created at or after `createdFrom` and before `createdTo`. */
  createdFrom?: Date;
  createdTo?: Date;
}

/**
 * Where run history lives, in the portal database, so it outlives the cluster objects. Writes
 * are idempotent by UID and ordered by resourceVersion: several portal replicas can write the
 * same events in any order and end with the newest.
 */
export interface RunStore {
  /** Resolves when the database answers; rejects with the driver's error otherwise. */
  checkConnection(): Promise<void>;
  upsertRuns(runs: RunRecord[]): Promise<void>;
  upsertTaskRuns(taskRuns: TaskRunRecord[]): Promise<void>;
  /** Marks runs gone from the cluster as pruned; they stay in the history. */
  markPruned(uids: string[], at: Date): Promise<void>;
  /** Runs of a cluster (optionally some namespaces, created before a time) not yet pruned. */
  listLiveRunUids(
    cluster: string,
    namespaces?: string[],
    createdBefore?: Date,
  ): Promise<string[]>;
  /**
   * Deletes history (runs, their task runs and archived logs): finished runs created before
   * `olderThan`, and all but the newest `keepPerPipeline` runs of each entity's pipeline.
   * Returns how many runs were deleted.
   */
  deleteHistory(options: {
    olderThan?: Date;
    keepPerPipeline?: number;
  }): Promise<number>;
  getRun(
    uid: string,
  ): Promise<(RunRecord & { taskRuns: TaskRunRecord[] }) | undefined>;
  /** Newest first, paged with an opaque cursor (keyset pagination, stable under inserts). */
  listRuns(
    filter: RunFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<RunRecord>>;
}
