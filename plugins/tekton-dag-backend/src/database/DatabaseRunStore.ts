import type { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { Knex } from 'knex';
import {
  Page,
  runDuration,
  RunStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import { migrate } from './migrate';
import type {
  RunAtRevision,
  RunChange,
  RunTransition,
  RunFilter,
  RunRecord,
  RunStore,
  TaskRunChange,
  TaskRunRecord,
} from './RunStore';
import { pullRequestKey } from './RunStore';
import { TABLES } from './tables';

const RUNS = TABLES.runs;
const TASK_RUNS = TABLES.taskRuns;
const TRANSITIONS = TABLES.runTransitions;
/**
 * Rows per INSERT: under PostgreSQL's bound-parameter limit and SQLite's limit of 500 terms in
 * the compound SELECT that knex builds for a multi-row upsert there.
 */
const CHUNK = 200;

/**
 * What the free-text filter `q` searches, as one expression: on PostgreSQL it has a trigram
 * index (migration 20261126_run_list_indexes.js holds the same text; keep them identical).
 */
export const SEARCH_TEXT =
  "lower(name || ' ' || pipeline || ' ' || coalesce(entity_ref, '') || ' ' || coalesce(revision, ''))";

/** Columns of a run in lists: all but the pipeline spec, which only a run's own page needs. */
const LIST_COLUMNS = [
  'uid',
  'cluster',
  'namespace',
  'name',
  'entity_ref',
  'entity_attribution',
  'pipeline',
  'status',
  'reason',
  'message',
  'revision',
  'trigger_kind',
  'triggered_by',
  'pull_request',
  'params',
  'results',
  'conditions',
  'created_at',
  'started_at',
  'completed_at',
  'pruned_at',
  'resource_version',
];

/** A short revision is accepted down to this many characters (git's default abbreviation). */
export const MIN_REVISION_PREFIX = 7;

const toDate = (value?: string) => (value ? new Date(value) : null);
const toIso = (value: unknown) =>
  value === null || value === undefined
    ? undefined
    : new Date(value as string).toISOString();

/** Rows per PostgreSQL upsert statement (one JSON parameter, so no parameter limit applies). */
const POSTGRES_CHUNK = 1000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    result.push(items.slice(i, i + size));
  return result;
}

function encodeCursor(row: { created_at: unknown; uid: string }) {
  return Buffer.from(JSON.stringify([toIso(row.created_at), row.uid])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): [Date, string] {
  try {
    const [createdAt, uid] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    const date = new Date(createdAt);
    if (typeof uid !== 'string' || Number.isNaN(date.getTime()))
      throw new Error();
    return [date, uid];
  } catch {
    throw new InputError(
      'Invalid cursor: pass the nextCursor of a previous page unchanged',
    );
  }
}

/** The stored version of a row, read before a write to tell what the write changes. */
interface StoredVersion {
  uid: string;
  status: RunStatus;
  resource_version: number | string;
  entity_ref?: string | null;
}

/**
 * Which rows of a batch change what is stored: new UIDs, newer resourceVersions, and (runs) an
 * entity found for a run stored without one. The newest version of each UID in the batch wins.
 */
function changedRows(
  rows: Record<string, any>[],
  stored: Map<string, StoredVersion>,
): Array<{ row: Record<string, any>; previous?: StoredVersion }> {
  const latest = new Map<string, Record<string, any>>();
  for (const row of rows) {
    const seen = latest.get(row.uid);
    if (!seen || seen.resource_version <= row.resource_version)
      latest.set(row.uid, row);
  }
  const changed = [];
  for (const row of latest.values()) {
    const previous = stored.get(row.uid);
    if (!previous) {
      changed.push({ row });
      continue;
    }
    const storedVersion = Number(previous.resource_version);
    const entityFound = !previous.entity_ref && !!row.entity_ref;
    if (
      row.resource_version > storedVersion ||
      (row.resource_version === storedVersion && entityFound)
    )
      changed.push({ row, previous });
  }
  return changed;
}

/** The run history in the portal database (SQLite in development, PostgreSQL in production). */
export class DatabaseRunStore implements RunStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseRunStore> {
    return new DatabaseRunStore(await migrate(options.database));
  }

  constructor(private readonly db: Knex) {}

  async checkConnection(): Promise<void> {
    await this.db.raw('select 1');
  }

  async upsertRuns(runs: RunRecord[]): Promise<RunChange[]> {
    const now = new Date();
    // The newest record of each UID: the one a change reports.
    const records = new Map<string, RunRecord>();
    for (const run of runs) {
      const seen = records.get(run.id);
      if (!seen || seen.resourceVersion <= run.resourceVersion)
        records.set(run.id, run);
    }
    const rows = runs.map(run => ({
      uid: run.id,
      cluster: run.cluster,
      namespace: run.namespace,
      name: run.name,
      entity_ref: run.entityRef ?? null,
      entity_attribution: run.entityAttribution ?? null,
      pipeline: run.pipeline,
      status: run.status,
      reason: run.reason ?? null,
      message: run.message ?? null,
      revision: run.revision ?? null,
      trigger_kind: run.trigger.kind,
      triggered_by: run.trigger.by ?? null,
      pull_request: run.pullRequest ? JSON.stringify(run.pullRequest) : null,
      pull_request_key: run.pullRequest
        ? pullRequestKey(run.pullRequest)
        : null,
      plan: run.plan ? JSON.stringify(run.plan) : null,
      params: JSON.stringify(run.params),
      results: JSON.stringify(run.results),
      conditions: JSON.stringify(run.conditions),
      pipeline_spec: run.pipelineSpec ? JSON.stringify(run.pipelineSpec) : null,
      skipped_tasks: run.skippedTasks?.length
        ? JSON.stringify(run.skippedTasks)
        : null,
      created_at: new Date(run.createdAt),
      started_at: toDate(run.startedAt),
      completed_at: toDate(run.completedAt),
      pruned_at: run.pruned ? now : null,
      resource_version: run.resourceVersion,
      updated_at: now,
    }));
    const clusters = [...new Set(runs.map(run => run.cluster))];
    const written = await this.upsertChanged(
      RUNS,
      rows,
      [
        'status',
        'reason',
        'message',
        'revision',
        // A newer version shows the run exists: a mark from a mistaken prune goes.
        'pruned_at',
        'entity_attribution',
        'params',
        'results',
        'conditions',
        'pipeline_spec',
        'skipped_tasks',
        'started_at',
        'completed_at',
        'resource_version',
        'updated_at',
      ],
      clusters.map(cluster => `${RUNS}:${cluster}`),
    );
    return written.map(({ row, previous, transitionId }) => {
      const run = records.get(row.uid)!;
      // A run whose write carried no entity keeps the one stored.
      const entityRef = run.entityRef ?? previous?.entity_ref ?? undefined;
      return {
        run: { ...run, entityRef },
        previousStatus: previous?.status,
        ...(transitionId !== undefined && { transitionId }),
      };
    });
  }

  async upsertTaskRuns(
    taskRuns: TaskRunRecord[],
    options: { cluster?: string } = {},
  ): Promise<TaskRunChange[]> {
    const now = new Date();
    const rows = taskRuns.map(taskRun => ({
      uid: taskRun.uid,
      run_uid: taskRun.runUid,
      name: taskRun.name,
      pipeline_task: taskRun.pipelineTask,
      status: taskRun.status,
      reason: taskRun.reason ?? null,
      pod_name: taskRun.podName ?? null,
      steps: JSON.stringify(taskRun.steps),
      params: taskRun.params ? JSON.stringify(taskRun.params) : null,
      results: JSON.stringify(taskRun.results),
      started_at: toDate(taskRun.startedAt),
      completed_at: toDate(taskRun.completedAt),
      resource_version: taskRun.resourceVersion,
      updated_at: now,
    }));
    // The newest record of each UID, to hand back with its namespace (not stored).
    const records = new Map<string, TaskRunRecord>();
    for (const taskRun of taskRuns) {
      const seen = records.get(taskRun.uid);
      if (!seen || seen.resourceVersion <= taskRun.resourceVersion)
        records.set(taskRun.uid, taskRun);
    }
    const written = await this.upsertChanged(
      TASK_RUNS,
      rows,
      [
        'status',
        'reason',
        'pod_name',
        'steps',
        'params',
        'results',
        'started_at',
        'completed_at',
        'resource_version',
        'updated_at',
      ],
      [`${TASK_RUNS}:${options.cluster ?? '*'}`],
    );
    return written.map(({ row, previous }) => ({
      taskRun: records.get(row.uid)!,
      previousStatus: previous?.status,
    }));
  }

  /**
   * Writes the rows of a batch that change what is stored, and says which they were, with what
   * was stored before. Writers of the same rows take turns (a transaction-scoped advisory lock
   * per key on PostgreSQL; SQLite runs one write transaction at a time), so of two replicas
   * writing the same event exactly one sees it as a change.
   */
  private async upsertChanged(
    table: string,
    rows: Record<string, any>[],
    columns: string[],
    lockKeys: string[],
  ): Promise<
    Array<{
      row: Record<string, any>;
      previous?: StoredVersion;
      transitionId?: number;
    }>
  > {
    if (!rows.length) return [];
    const postgres = this.db.client.config.client === 'pg';
    return await this.db.transaction(async tx => {
      if (postgres) {
        // Bounded waits: a writer whose replica hangs mid-transaction (a network partition)
        // must not hold others' connections for long; their batches are retried.
        await tx.raw("set local lock_timeout = '10s'");
        await tx.raw("set local idle_in_transaction_session_timeout = '30s'");
        // Sorted, so two writers of several keys never wait on each other in a cycle.
        for (const key of [...lockKeys].sort())
          await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [key]);
      }
      const stored = new Map<string, StoredVersion>();
      const uids = [...new Set(rows.map(row => row.uid as string))];
      const selected =
        table === RUNS
          ? ['uid', 'status', 'resource_version', 'entity_ref']
          : ['uid', 'status', 'resource_version'];
      for (const chunk of chunks(uids, postgres ? POSTGRES_CHUNK : CHUNK)) {
        for (const row of await tx(table)
          .whereIn('uid', chunk)
          .select(selected))
          stored.set(row.uid, row);
      }
      const changed = changedRows(rows, stored);
      if (!changed.length) return [];
      const changedRowsOnly = changed.map(c => c.row);
      if (postgres)
        await this.writePostgres(tx, table, changedRowsOnly, columns);
      else await this.writeSqlite(tx, table, changedRowsOnly, columns);
      if (table !== RUNS) return changed;
      // Status transitions go to the outbox in the same transaction, taken by this writer.
      const transitions = changed.filter(
        c => c.previous?.status !== c.row.status,
      );
      const ids = new Map<string, number>();
      const now = new Date();
      for (const chunk of chunks(transitions, CHUNK)) {
        const inserted: Array<{ id: number | string; run_uid: string }> =
          await tx(TRANSITIONS)
            .insert(
              chunk.map(({ row, previous }) => ({
                run_uid: row.uid,
                entity_ref: row.entity_ref ?? previous?.entity_ref ?? null,
                previous_status: previous?.status ?? null,
                status: row.status,
                recorded_at: now,
                publishing_since: now,
              })),
            )
            .returning(['id', 'run_uid']);
        for (const { id, run_uid } of inserted) ids.set(run_uid, Number(id));
      }
      return changed.map(c => ({ ...c, transitionId: ids.get(c.row.uid) }));
    });
  }

  /** A stored run's entity is never replaced by none (a write that could not resolve it). */
  private mergedValue(tx: Knex, table: string, column: string) {
    return column === 'entity_ref'
      ? tx.raw('coalesce(excluded.entity_ref, ??)', [`${table}.entity_ref`])
      : tx.raw('??', [`excluded.${column}`]);
  }

  private async writeSqlite(
    tx: Knex.Transaction,
    table: string,
    rows: Record<string, unknown>[],
    columns: string[],
  ) {
    const merged = [...columns, ...(table === RUNS ? ['entity_ref'] : [])];
    for (const chunk of chunks(rows, CHUNK)) {
      await tx(table)
        .insert(chunk)
        .onConflict('uid')
        .merge(
          Object.fromEntries(
            merged.map(column => [column, this.mergedValue(tx, table, column)]),
          ),
        )
        .where(
          `${table}.resource_version`,
          '<=',
          tx.raw('excluded.resource_version'),
        );
    }
  }

  /**
   * PostgreSQL: the rows travel as one JSON parameter that the server turns into rows
   * (json_populate_recordset), instead of a parameter per value: less to build and parse on
   * both sides, which is what lets ingestion keep up with busy clusters.
   */
  private async writePostgres(
    tx: Knex.Transaction,
    table: string,
    rows: Record<string, unknown>[],
    columns: string[],
  ) {
    const names = Object.keys(rows[0]).join(', ');
    const assignments = columns.map(column => `${column} = excluded.${column}`);
    if (table === RUNS)
      assignments.push(
        `entity_ref = coalesce(excluded.entity_ref, ${table}.entity_ref)`,
      );
    const sql = `insert into ${table} (${names})
      select ${names} from json_populate_recordset(null::${table}, ?::json)
      order by uid
      on conflict (uid) do update set ${assignments.join(', ')}
      where ${table}.resource_version <= excluded.resource_version`;
    for (const chunk of chunks(rows, POSTGRES_CHUNK)) {
      await tx.raw(sql, [JSON.stringify(chunk)]);
    }
  }

  async linkEntities(
    resolve: (attribution: string) => string | undefined,
  ): Promise<Array<{ uid: string; entityRef: string }>> {
    const unlinked: Array<{ uid: string; entity_attribution: string }> =
      await this.db(RUNS)
        .whereNull('entity_ref')
        .whereNotNull('entity_attribution')
        .select('uid', 'entity_attribution');
    const linked: Array<{ uid: string; entityRef: string }> = [];
    const byEntity = new Map<string, string[]>();
    for (const row of unlinked) {
      const entityRef = resolve(row.entity_attribution);
      if (!entityRef) continue;
      byEntity.set(entityRef, [...(byEntity.get(entityRef) ?? []), row.uid]);
    }
    for (const [entityRef, uids] of byEntity) {
      for (const chunk of chunks(uids)) {
        await this.db(RUNS)
          .whereIn('uid', chunk)
          .whereNull('entity_ref')
          .update({ entity_ref: entityRef });
        linked.push(...chunk.map(uid => ({ uid, entityRef })));
      }
    }
    return linked;
  }

  async markTransitionsPublished(ids: number[]): Promise<void> {
    for (const chunk of chunks(ids))
      await this.db(TRANSITIONS)
        .whereIn('id', chunk)
        .update({ published_at: new Date() });
  }

  async releaseTransitions(ids: number[]): Promise<void> {
    // Taken "now" by nobody: the relay tries them again once they are stale.
    for (const chunk of chunks(ids))
      await this.db(TRANSITIONS)
        .whereIn('id', chunk)
        .whereNull('published_at')
        .update({ publishing_since: new Date() });
  }

  async claimUnpublishedTransitions(options: {
    staleMs: number;
    limit: number;
  }): Promise<RunTransition[]> {
    const staleBefore = new Date(Date.now() - options.staleMs);
    return await this.db.transaction(async tx => {
      const postgres = tx.client.config.client === 'pg';
      const query = tx(TRANSITIONS)
        .whereNull('published_at')
        .where(inner =>
          inner
            .whereNull('publishing_since')
            .orWhere('publishing_since', '<', staleBefore),
        )
        .orderBy('id')
        .limit(options.limit)
        .select();
      // Two relays (replicas) never take the same rows.
      if (postgres) query.forUpdate().skipLocked();
      const rows = await query;
      if (!rows.length) return [];
      await tx(TRANSITIONS)
        .whereIn(
          'id',
          rows.map(r => r.id),
        )
        .update({ publishing_since: new Date() });
      return rows.map(row => ({
        id: Number(row.id),
        runId: row.run_uid,
        entityRef: row.entity_ref ?? undefined,
        previousStatus: row.previous_status ?? undefined,
        status: row.status,
        recordedAt: toIso(row.recorded_at)!,
      }));
    });
  }

  async deletePublishedTransitions(before: Date): Promise<number> {
    return await this.db(TRANSITIONS)
      .whereNotNull('published_at')
      .where('published_at', '<', before)
      .delete();
  }

  async markPruned(uids: string[], at: Date): Promise<void> {
    for (const chunk of chunks(uids)) {
      await this.db(RUNS)
        .whereIn('uid', chunk)
        .whereNull('pruned_at')
        .update({ pruned_at: at });
    }
  }

  async listLiveRunUids(
    cluster: string,
    namespaces?: string[],
    createdBefore?: Date,
    atMostVersion?: number,
  ): Promise<string[]> {
    const query = this.db(RUNS)
      .where({ cluster })
      .whereNull('pruned_at')
      .select('uid');
    if (namespaces?.length) query.whereIn('namespace', namespaces);
    if (createdBefore) query.where('created_at', '<', createdBefore);
    if (atMostVersion !== undefined)
      query.where('resource_version', '<=', atMostVersion);
    return (await query).map(row => row.uid);
  }

  async listExpiredRuns(options: {
    olderThan?: Date;
    keepPerPipeline?: number;
  }): Promise<string[]> {
    const expired = new Set<string>();
    if (options.olderThan) {
      const rows = await this.db(RUNS)
        .where('created_at', '<', options.olderThan)
        .whereNotIn('status', ['Pending', 'Running'])
        .select('uid');
      rows.forEach(r => expired.add(r.uid));
    }
    if (options.keepPerPipeline !== undefined) {
      // Window functions work alike on SQLite (3.25+) and PostgreSQL.
      const rows = await this.db
        .select('uid')
        .from(
          this.db(RUNS)
            .select(
              'uid',
              'status',
              this.db.raw(
                'row_number() over (partition by entity_ref, pipeline order by created_at desc, uid desc) as position',
              ),
            )
            .as('ranked'),
        )
        .where('position', '>', options.keepPerPipeline)
        .whereNotIn('status', ['Pending', 'Running']);
      rows.forEach(r => expired.add(r.uid));
    }
    return [...expired];
  }

  async deleteRuns(uids: string[], tx: Knex.Transaction): Promise<void> {
    for (const chunk of chunks(uids)) {
      await tx(TRANSITIONS).whereIn('run_uid', chunk).delete();
      await tx(TASK_RUNS).whereIn('run_uid', chunk).delete();
      await tx(RUNS).whereIn('uid', chunk).delete();
    }
  }

  async existingRunUids(uids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const chunk of chunks(uids)) {
      for (const row of await this.db(RUNS).whereIn('uid', chunk).select('uid'))
        found.add(row.uid);
    }
    return found;
  }

  async listRecentRuns(options: {
    entityRef: string;
    pipeline?: string;
    limit: number;
  }) {
    const query = this.db(RUNS)
      .where({ entity_ref: options.entityRef })
      .select('uid', 'name', 'revision', 'created_at', 'status')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'uid', order: 'desc' },
      ])
      .limit(options.limit);
    if (options.pipeline) query.where({ pipeline: options.pipeline });
    return (await query).map(row => ({
      id: row.uid as string,
      name: row.name as string,
      revision: (row.revision ?? undefined) as string | undefined,
      createdAt: toIso(row.created_at)!,
      status: row.status as RunStatus,
    }));
  }

  async findRunsAtRevisions(
    entityRef: string,
    revisions: string[],
  ): Promise<RunAtRevision[]> {
    const wanted = [...new Set(revisions.filter(Boolean))];
    if (!wanted.length) return [];
    const prefixes = [
      ...new Set(
        wanted
          .filter(r => r.length >= MIN_REVISION_PREFIX)
          .map(r => r.slice(0, MIN_REVISION_PREFIX).toLowerCase()),
      ),
    ];
    const rows: any[] = await this.db(RUNS)
      .where('entity_ref', entityRef)
      .whereNotNull('revision')
      .where(query => {
        query.whereIn('revision', wanted);
        if (prefixes.length)
          query.orWhereRaw(
            `lower(substr(revision, 1, ${MIN_REVISION_PREFIX})) in (${prefixes
              .map(() => '?')
              .join(', ')})`,
            prefixes,
          );
      })
      .select(
        'uid',
        'name',
        'pipeline',
        'status',
        'created_at',
        'completed_at',
        'revision',
      )
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'uid', order: 'desc' },
      ])
      .limit(2000);
    return rows.map(row => ({
      uid: row.uid,
      name: row.name,
      pipeline: row.pipeline,
      status: row.status,
      revision: row.revision,
      createdAt: toIso(row.created_at)!,
      completedAt: toIso(row.completed_at),
    }));
  }

  async getRun(uid: string) {
    const row = await this.db(RUNS).where({ uid }).first();
    if (!row) return undefined;
    const taskRuns = await this.db(TASK_RUNS)
      .where({ run_uid: uid })
      .orderBy([
        { column: 'started_at', order: 'asc' },
        { column: 'name', order: 'asc' },
      ]);
    return {
      ...this.toRun(row),
      taskRuns: taskRuns.map(r => this.toTaskRun(r)),
    };
  }

  async listUnfinishedRunsOfPullRequest(key: string) {
    const rows = await this.db(RUNS)
      .select(LIST_COLUMNS)
      .where({ pull_request_key: key })
      .whereIn('status', ['Pending', 'Running'])
      .whereNull('pruned_at');
    return rows.map(row => this.toRun(row));
  }

  async getRunStatuses(uids: string[]) {
    const statuses = new Map<string, RunStatus>();
    for (let i = 0; i < uids.length; i += 500) {
      const rows = await this.db(RUNS)
        .select('uid', 'status')
        .whereIn('uid', uids.slice(i, i + 500));
      for (const row of rows) statuses.set(row.uid, row.status);
    }
    return statuses;
  }

  async listRuns(
    filter: RunFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<RunRecord>> {
    const query = this.db(RUNS).select(LIST_COLUMNS);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.pipeline) query.where('pipeline', filter.pipeline);
    if (filter.cluster) query.where('cluster', filter.cluster);
    if (filter.trigger?.length) query.whereIn('trigger_kind', filter.trigger);
    if (filter.status?.length) query.whereIn('status', filter.status);
    if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
    if (filter.createdFrom) query.where('created_at', '>=', filter.createdFrom);
    if (filter.createdTo) query.where('created_at', '<', filter.createdTo);
    if (filter.q) {
      const like = `%${filter.q
        .toLowerCase()
        .replace(/[\\%_]/g, c => `\\${c}`)}%`;
      query.whereRaw(`${SEARCH_TEXT} like ? escape '\\'`, [like]);
    }
    if (page.cursor) {
      const [createdAt, uid] = decodeCursor(page.cursor);
      query.where(q =>
        q
          .where('created_at', '<', createdAt)
          .orWhere(q2 =>
            q2.where('created_at', '=', createdAt).andWhere('uid', '<', uid),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'uid', order: 'desc' },
      ])
      .limit(page.limit + 1);
    const items = rows.slice(0, page.limit);
    return {
      items: items.map(row => this.toRun(row)),
      nextCursor:
        rows.length > page.limit
          ? encodeCursor(items[items.length - 1])
          : undefined,
    };
  }

  private toRun(row: any): RunRecord {
    const createdAt = toIso(row.created_at)!;
    const startedAt = toIso(row.started_at);
    const completedAt = toIso(row.completed_at);
    return {
      id: row.uid,
      name: row.name,
      namespace: row.namespace,
      cluster: row.cluster,
      entityRef: row.entity_ref ?? undefined,
      entityAttribution: row.entity_attribution ?? undefined,
      pipeline: row.pipeline,
      status: row.status as RunStatus,
      reason: row.reason ?? undefined,
      message: row.message ?? undefined,
      createdAt,
      startedAt,
      completedAt,
      durationMs: runDuration(startedAt, completedAt),
      params: JSON.parse(row.params),
      results: JSON.parse(row.results),
      revision: row.revision ?? undefined,
      trigger: { kind: row.trigger_kind, by: row.triggered_by ?? undefined },
      pullRequest: row.pull_request ? JSON.parse(row.pull_request) : undefined,
      plan: row.plan ? JSON.parse(row.plan) : undefined,
      pruned: row.pruned_at !== null && row.pruned_at !== undefined,
      resourceVersion: Number(row.resource_version),
      conditions: JSON.parse(row.conditions),
      pipelineSpec: row.pipeline_spec
        ? JSON.parse(row.pipeline_spec)
        : undefined,
      skippedTasks: row.skipped_tasks
        ? JSON.parse(row.skipped_tasks)
        : undefined,
    };
  }

  private toTaskRun(row: any): TaskRunRecord {
    return {
      uid: row.uid,
      runUid: row.run_uid,
      name: row.name,
      pipelineTask: row.pipeline_task,
      status: row.status,
      reason: row.reason ?? undefined,
      podName: row.pod_name ?? undefined,
      steps: JSON.parse(row.steps),
      params: row.params ? JSON.parse(row.params) : undefined,
      results: JSON.parse(row.results),
      startedAt: toIso(row.started_at),
      completedAt: toIso(row.completed_at),
      resourceVersion: Number(row.resource_version),
    };
  }
}
