import type {
  PipelineSpec,
  Page,
  Run,
  RunStatus,
  SkippedTask,
  TaskRunSummary,
  TriggerKind,
  RunPullRequest,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { Knex } from 'knex';

/** A run as stored: what the API shows plus what tracking needs to order writes. */
export interface RunRecord extends Run {
  /** The cluster object's resourceVersion; a write never replaces a newer one. */
  resourceVersion: number;
  conditions: Array<Record<string, unknown>>;
  /** The Pipeline spec the run ran, as Tekton recorded it; its DAG is drawn from this. */
  pipelineSpec?: PipelineSpec;
  /** Pipeline tasks Tekton did not run (status.skippedTasks). */
  skippedTasks?: SkippedTask[];
  /**
   * How the run names its entity when that takes the catalog to resolve (a label value or a
   * `backstage.io/kubernetes-id`), e.g. `label=component.default.shop-api`: kept so a run
   * recorded before the catalog knew the entity is linked to it later.
   */
  entityAttribution?: string;
}

export interface TaskRunRecord extends TaskRunSummary {
  uid: string;
  runUid: string;
  resourceVersion: number;
  /** Known from watch events (not stored: a run's task runs share its namespace). */
  namespace?: string;
}

/**
 * A write that changed what is stored: a new run, a newer version, or an entity found. Writes
 * of what is already stored (a relist, another replica, a replayed event) are not changes.
 */
export interface RunChange {
  run: RunRecord;
  /** The stored status before the write; undefined for a run seen for the first time. */
  previousStatus?: RunStatus;
  /**
   * For a status transition: its row in the transition outbox, taken by the writer to
   * announce (see RunTransition).
   */
  transitionId?: number;
}

/**
 * A run's status transition, recorded in the same transaction as the run (an outbox): the
 * writer announces it, and what a writer could not announce (it died, the event bus was down)
 * is announced by the relay, so none is lost.
 */
export interface RunTransition {
  id: number;
  runId: string;
  entityRef?: string;
  previousStatus?: RunStatus;
  status: RunStatus;
  recordedAt: string;
}

export interface TaskRunChange {
  taskRun: TaskRunRecord;
  previousStatus?: RunStatus;
}

/** Whether a change moved the run (or task run) to another status: signals and notifications. */
export const isStatusTransition = (change: {
  previousStatus?: RunStatus;
  run?: { status: RunStatus };
  taskRun?: { status: RunStatus };
}) => change.previousStatus !== (change.run ?? change.taskRun)!.status;

export interface RunFilter {
  entityRef?: string;
  pipeline?: string;
  status?: RunStatus[];
  cluster?: string;
  /** How the runs were started, e.g. `pull_request`. */
  trigger?: TriggerKind[];
  /** Free text: matches run name, pipeline, entity ref or revision. */
  q?: string;
  /** Runs of any of these entities (e.g. those a team owns); an empty list matches nothing. */
  entityRefs?: string[];
  /** Runs created at or after `createdFrom` and before `createdTo`. */
  createdFrom?: Date;
  createdTo?: Date;
}

/** A run that recorded a git revision, for "which run built what Argo CD deployed". */
export interface RunAtRevision {
  uid: string;
  name: string;
  pipeline: string;
  status: RunStatus;
  revision: string;
  createdAt: string;
  completedAt?: string;
}

/** Identifies a pull request across its pushes: forge, host, repository and number. */
export function pullRequestKey(pr: RunPullRequest): string {
  return `${pr.forge}:${pr.host.toLowerCase()}/${pr.repository.toLowerCase()}#${
    pr.number
  }`;
}

/**
 * Where run history lives, in the portal database, so it outlives the cluster objects. Writes
 * are idempotent by UID and ordered by resourceVersion: several portal replicas can write the
 * same events in any order and end with the newest, and each change is reported by exactly
 * one of the writes (the one that made it), so signals and notifications fire once.
 */
export interface RunStore {
  /** Resolves when the database answers; rejects with the driver's error otherwise. */
  checkConnection(): Promise<void>;
  /** Writes runs; returns the ones whose stored row changed, with their previous status. */
  upsertRuns(runs: RunRecord[]): Promise<RunChange[]>;
  /** Writes task runs (of `cluster`, when known: writers of different clusters never wait). */
  upsertTaskRuns(
    taskRuns: TaskRunRecord[],
    options?: { cluster?: string },
  ): Promise<TaskRunChange[]>;
  /**
   * Links runs recorded without an entity to the entity their attribution resolves to now.
   * Returns the runs linked.
   */
  linkEntities(
    resolve: (attribution: string) => string | undefined,
  ): Promise<Array<{ uid: string; entityRef: string }>>;
  /** Transitions announced: done with. */
  markTransitionsPublished(ids: number[]): Promise<void>;
  /** Transitions whose announcement failed: the relay takes them once they are stale. */
  releaseTransitions(ids: number[]): Promise<void>;
  /**
   * The relay's share: transitions nobody announced, free or taken longer than `staleMs` ago
   * (their writer died), oldest first; they are taken for this caller.
   */
  claimUnpublishedTransitions(options: {
    staleMs: number;
    limit: number;
  }): Promise<RunTransition[]>;
  /** Forgets transitions announced before a time. */
  deletePublishedTransitions(before: Date): Promise<number>;
  /** Marks runs gone from the cluster as pruned; they stay in the history. */
  markPruned(uids: string[], at: Date): Promise<void>;
  /**
   * Runs of a cluster not yet pruned: optionally of some namespaces, created before a time,
   * stored at a resourceVersion no newer than one.
   */
  listLiveRunUids(
    cluster: string,
    namespaces?: string[],
    createdBefore?: Date,
    atMostVersion?: number,
  ): Promise<string[]>;
  /**
   * The finished runs retention removes: created before `olderThan`, and all but the newest
   * `keepPerPipeline` runs of each entity's pipeline. Never a run still going.
   */
  listExpiredRuns(options: {
    olderThan?: Date;
    keepPerPipeline?: number;
  }): Promise<string[]>;
  /** Deletes runs, their task runs and transitions, inside the caller's transaction. */
  deleteRuns(uids: string[], tx: Knex.Transaction): Promise<void>;
  /** Which of these run UIDs are recorded. */
  existingRunUids(uids: string[]): Promise<Set<string>>;
  getRun(
    uid: string,
  ): Promise<(RunRecord & { taskRuns: TaskRunRecord[] }) | undefined>;
  /** The runs of a pull request (see pullRequestKey) still pending or running. */
  listUnfinishedRunsOfPullRequest(key: string): Promise<RunRecord[]>;
  /** The stored status of each of these runs that is recorded. */
  getRunStatuses(uids: string[]): Promise<Map<string, RunStatus>>;
  /** Newest first, paged with an opaque cursor (keyset pagination, stable under inserts). */
  listRuns(
    filter: RunFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<RunRecord>>;
  /** An entity's latest runs (of one pipeline, if given): uid, name, revision, time, status. */
  listRecentRuns(options: {
    entityRef: string;
    pipeline?: string;
    limit: number;
  }): Promise<
    Array<Pick<RunRecord, 'id' | 'name' | 'revision' | 'createdAt' | 'status'>>
  >;
  /**
   * An entity's runs that recorded one of these revisions (or an abbreviation of at least
   * seven characters of one), newest first.
   */
  findRunsAtRevisions(
    entityRef: string,
    revisions: string[],
  ): Promise<RunAtRevision[]>;
}
