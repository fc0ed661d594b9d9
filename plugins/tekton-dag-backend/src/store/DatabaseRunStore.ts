import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { Knex } from 'knex';
import {
  Page,
  runDuration,
  RunStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { RunFilter, RunRecord, RunStore, TaskRunRecord } from './RunStore';

const migrationsDir = resolvePackagePath(
  '@tekton-dag/plugin-tekton-dag-backend',
  'migrations',
);

const RUNS = 'tekton_dag_runs';
const TASK_RUNS = 'tekton_dag_task_runs';
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
  'pipeline',
  'status',
  'reason',
  'message',
  'revision',
  'trigger_kind',
  'triggered_by',
  'params',
  'results',
  'conditions',
  'created_at',
  'started_at',
  'completed_at',
  'pruned_at',
  'resource_version',
];

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

/** The run history in the portal database (SQLite in development, PostgreSQL in production). */
export class DatabaseRunStore implements RunStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseRunStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRunStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async checkConnection(): Promise<void> {
    await this.db.raw('select 1');
  }

  async upsertRuns(runs: RunRecord[]): Promise<void> {
    const now = new Date();
    const rows = runs.map(run => ({
      uid: run.id,
      cluster: run.cluster,
      namespace: run.namespace,
      name: run.name,
      entity_ref: run.entityRef ?? null,
      pipeline: run.pipeline,
      status: run.status,
      reason: run.reason ?? null,
      message: run.message ?? null,
      revision: run.revision ?? null,
      trigger_kind: run.trigger.kind,
      triggered_by: run.trigger.by ?? null,
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
    await this.upsert(RUNS, rows, [
      'status',
      'reason',
      'message',
      'revision',
      'entity_ref',
      'params',
      'results',
      'conditions',
      'pipeline_spec',
      'skipped_tasks',
      'started_at',
      'completed_at',
      'resource_version',
      'updated_at',
    ]);
  }

  async upsertTaskRuns(taskRuns: TaskRunRecord[]): Promise<void> {
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
    await this.upsert(TASK_RUNS, rows, [
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
    ]);
  }

  /** INSERT ... ON CONFLICT (uid) DO UPDATE, only where the incoming version is not older. */
  private async upsert(
    table: string,
    rows: Record<string, unknown>[],
    columns: string[],
  ) {
    // The newest version of each UID within one batch wins before the database sees it.
    const latest = new Map<string, Record<string, unknown>>();
    for (const row of rows) {
      const seen = latest.get(row.uid as string);
      if (
        !seen ||
        (seen.resource_version as number) <= (row.resource_version as number)
      ) {
        latest.set(row.uid as string, row);
      }
    }
    const unique = [...latest.values()];
    if (!unique.length) return;
    if (this.db.client.config.client === 'pg') {
      await this.upsertPostgres(table, unique, columns);
      return;
    }
    await this.db.transaction(async tx => {
      for (const chunk of chunks(unique, CHUNK)) {
        await tx(table)
          .insert(chunk)
          .onConflict('uid')
          .merge(columns)
          .where(
            `${table}.resource_version`,
            '<=',
            tx.raw('excluded.resource_version'),
          );
      }
    });
  }

  /**
   * PostgreSQL: the rows travel as one JSON parameter that the server turns into rows
   * (json_populate_recordset), instead of a parameter per value: less to build and parse on
   * both sides, which is what lets ingestion keep up with busy clusters.
   */
  private async upsertPostgres(
    table: string,
    rows: Record<string, unknown>[],
    columns: string[],
  ) {
    const names = Object.keys(rows[0]).join(', ');
    const sql = `insert into ${table} (${names})
      select ${names} from json_populate_recordset(null::${table}, ?::json)
      order by uid
      on conflict (uid) do update set ${columns
        .map(column => `${column} = excluded.${column}`)
        .join(', ')}
      where ${table}.resource_version <= excluded.resource_version`;
    await this.db.transaction(async tx => {
      for (const chunk of chunks(rows, POSTGRES_CHUNK)) {
        await tx.raw(sql, [JSON.stringify(chunk)]);
      }
    });
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
  ): Promise<string[]> {
    const query = this.db(RUNS)
      .where({ cluster })
      .whereNull('pruned_at')
      .select('uid');
    if (namespaces?.length) query.whereIn('namespace', namespaces);
    if (createdBefore) query.where('created_at', '<', createdBefore);
    return (await query).map(row => row.uid);
  }

  async deleteHistory(options: {
    olderThan?: Date;
    keepPerPipeline?: number;
  }): Promise<number> {
    const doomed = new Set<string>();
    if (options.olderThan) {
      const rows = await this.db(RUNS)
        .where('created_at', '<', options.olderThan)
        .whereNotIn('status', ['Pending', 'Running'])
        .select('uid');
      rows.forEach(r => doomed.add(r.uid));
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
      rows.forEach(r => doomed.add(r.uid));
    }
    const uids = [...doomed];
    await this.db.transaction(async tx => {
      for (const chunk of chunks(uids)) {
        await tx('tekton_dag_step_logs').whereIn('run_uid', chunk).delete();
        await tx(TASK_RUNS).whereIn('run_uid', chunk).delete();
        await tx(RUNS).whereIn('uid', chunk).delete();
      }
    });
    return uids.length;
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

  async listRuns(
    filter: RunFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<RunRecord>> {
    const query = this.db(RUNS).select(LIST_COLUMNS);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.pipeline) query.where('pipeline', filter.pipeline);
    if (filter.cluster) query.where('cluster', filter.cluster);
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
