import { createHash } from 'crypto';
import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import type {
  EntityTestHistory,
  ReportTotals,
  TaskReport,
  TestCasePage,
  TestCaseStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import {
  emptyTotals,
  ParsedReport,
  ParsedTestCase,
} from '../reports/parseJUnit';
import type { JUnitSummary } from '../reports/junitSummary';
import type { HistoryRun, ReportStore } from './ReportStore';
import { TABLES } from './tables';

const REPORTS = TABLES.testReports;
const CASES = TABLES.testCases;
/** Rows per INSERT: 14 columns stay under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;
/**
 * A report being uploaded is `pending` (its cases invisible) until it is complete and swapped
 * in as `ready`. An upload that stopped refreshing its heartbeat this long ago was abandoned
 * (its replica died): it no longer blocks a new upload and the cleaner removes it.
 */
const READY = 'ready';
const PENDING = 'pending';
export const ABANDONED_AFTER_MS = 2 * 60_000;
/** How often a pending upload refreshes its heartbeat (whether or not cases arrive). */
const HEARTBEAT_MS = 10_000;

/** This upload's pending report was taken for abandoned and removed by another upload. */
function supersededError(runUid: string, pipelineTask: string) {
  return new ConflictError(
    `The upload of the report of task ${pipelineTask} of run ${runUid} stalled and was replaced by another; nothing of it was kept`,
  );
}

/** A unique index said no: another upload for the task holds the pending slot. */
function isUniqueViolation(error: unknown) {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/** A report row's totals (counts come back as strings from some drivers). */
function totalsOf(row: any): ReportTotals {
  return {
    tests: Number(row.tests),
    passed: Number(row.passed),
    failed: Number(row.failed),
    errored: Number(row.errored),
    skipped: Number(row.skipped),
    durationMs: Number(row.duration_ms),
  };
}

const totalsColumns = (totals: ReportTotals) => ({
  tests: totals.tests,
  passed: totals.passed,
  failed: totals.failed,
  errored: totals.errored,
  skipped: totals.skipped,
  duration_ms: totals.durationMs,
});

/** A test's identity across runs: suite, class and name. */
export function testKey(
  test: Pick<ParsedTestCase, 'suite' | 'className' | 'name'>,
) {
  return createHash('sha256')
    .update(`${test.suite}\u0000${test.className}\u0000${test.name}`)
    .digest('hex');
}

/**
 * Test reports in the portal database. An upload is written in short transactions: its cases
 * go in batches under a `pending` report nobody reads, and only a finished upload is swapped
 * in for the task's previous report, in one short transaction. A failed upload is deleted.
 */
export class DatabaseReportStore implements ReportStore {
  constructor(private readonly db: Knex) {}

  /** Stores a parsed task's report: all of it or, on failure, nothing. */
  async saveReport(options: {
    runUid: string;
    pipelineTask: string;
    source: 'upload' | 'result';
    report: ParsedReport;
    coverage?: unknown;
  }): Promise<void> {
    const { report, ...rest } = options;
    await this.storeReport({
      ...rest,
      async parse(onCases) {
        for (let i = 0; i < report.cases.length; i += CHUNK)
          await onCases(report.cases.slice(i, i + CHUNK));
        return report;
      },
    });
  }

  /**
   * On PostgreSQL, takes a transaction-scoped lock on one task's reports, so the swap, the
   * summary and the coverage writes of that task take turns (SQLite writes one at a time).
   */
  private async lockTask(
    tx: Knex.Transaction,
    runUid: string,
    pipelineTask: string,
  ) {
    if (tx.client.config.client === 'pg')
      await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
        `${REPORTS}:${runUid}/${pipelineTask}`,
      ]);
  }

  /**
   * Stores a task's report while it is parsed: `parse` hands over cases in batches, each
   * inserted before more input is read, so a 100,000-case upload never sits in memory whole.
   * No transaction spans the upload (it would hold a pooled connection, and on SQLite every
   * other write, for as long as the body streams): the cases are written under a pending
   * report and swapped in at the end; a failure deletes them and the old report stays.
   */
  async storeReport(options: {
    runUid: string;
    pipelineTask: string;
    source: 'upload' | 'result';
    coverage?: unknown;
    parse(
      onCases: (cases: ParsedTestCase[]) => Promise<void>,
    ): Promise<Omit<ParsedReport, 'cases'>>;
  }): Promise<ReportTotals> {
    const { runUid, pipelineTask, source } = options;
    const reportId = await this.claimPendingReport(
      runUid,
      pipelineTask,
      source,
    );
    // The pending report's sign of life, however slowly the body arrives; if another upload
    // took it for abandoned (this replica stalled), this one stops.
    let superseded = false;
    const heartbeat = setInterval(() => {
      this.db(REPORTS)
        .where({ id: reportId, state: PENDING })
        .update({ heartbeat_at: new Date() })
        .then(updated => {
          if (!updated) superseded = true;
        })
        .catch(() => {});
    }, HEARTBEAT_MS);
    try {
      const postgres = this.db.client.config.client === 'pg';
      const write = async (rows: Record<string, unknown>[]) => {
        if (superseded) throw supersededError(runUid, pipelineTask);
        if (postgres) {
          // One JSON parameter per batch instead of 13 per row: far less to build and parse.
          const names = Object.keys(rows[0]).join(', ');
          await this.db.raw(
            `insert into ${CASES} (${names}) select ${names} from json_populate_recordset(null::${CASES}, ?::json)`,
            [JSON.stringify(rows)],
          );
        } else {
          for (let i = 0; i < rows.length; i += CHUNK)
            await this.db(CASES).insert(rows.slice(i, i + CHUNK));
        }
      };
      // One batch is written while the next is parsed: the database works while Node reads.
      let writing: Promise<void> = Promise.resolve();
      const parsing = options.parse(async cases => {
        const rows = cases.map(test => ({
          report_id: reportId,
          run_uid: runUid,
          test_key: testKey(test),
          suite: test.suite,
          class_name: test.className,
          name: test.name,
          status: test.status,
          duration_ms: test.durationMs,
          message: test.message ?? null,
          type: test.type ?? null,
          trace: test.trace ?? null,
          system_out: test.systemOut ?? null,
          system_err: test.systemErr ?? null,
        }));
        await writing;
        if (!rows.length) return;
        writing = write(rows);
        // A failed write is reported by the next await of it, below or in the next batch.
        writing.catch(() => {});
      });
      let report;
      try {
        report = await parsing;
      } finally {
        // Never go on with a write still in flight.
        await writing.catch(() => {});
      }
      await writing;
      await this.swapIn(
        reportId,
        runUid,
        pipelineTask,
        report,
        options.coverage,
      );
      return report.totals;
    } catch (error) {
      await this.deleteReports([reportId]).catch(() => {});
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Takes the task's one pending slot, or throws ConflictError while another upload holds it.
   * An upload whose heartbeat stopped (its replica died) is cleared away first.
   */
  private async claimPendingReport(
    runUid: string,
    pipelineTask: string,
    source: 'upload' | 'result',
  ): Promise<number> {
    const abandoned = await this.db(REPORTS)
      .where({ run_uid: runUid, pipeline_task: pipelineTask, state: PENDING })
      .where('heartbeat_at', '<', new Date(Date.now() - ABANDONED_AFTER_MS))
      .select('id');
    if (abandoned.length) await this.deleteReports(abandoned.map(r => r.id));
    try {
      const [inserted] = await this.db(REPORTS)
        .insert({
          run_uid: runUid,
          pipeline_task: pipelineTask,
          source,
          state: PENDING,
          ...totalsColumns(emptyTotals()),
          suites: '[]',
          coverage: null,
          received_at: new Date(),
          heartbeat_at: new Date(),
        })
        .returning('id');
      return typeof inserted === 'object' ? inserted.id : inserted;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new ConflictError(
        `A test report of task ${pipelineTask} of run ${runUid} is being uploaded; try again when it is done`,
      );
    }
  }

  /** Makes a complete pending report the task's report, replacing the previous one. */
  private async swapIn(
    reportId: number,
    runUid: string,
    pipelineTask: string,
    report: Omit<ParsedReport, 'cases'>,
    newCoverage: unknown,
  ) {
    await this.db.transaction(async tx => {
      await this.lockTask(tx, runUid, pipelineTask);
      // Still ours: an upload that was taken for abandoned must not replace anything.
      const ours = await tx(REPORTS)
        .where({ id: reportId, state: PENDING })
        .update({ heartbeat_at: new Date() });
      if (!ours) throw supersededError(runUid, pipelineTask);
      const previous = await tx(REPORTS)
        .where({ run_uid: runUid, pipeline_task: pipelineTask, state: READY })
        .select('id', 'coverage');
      // Coverage arrives in its own upload: a new JUnit report keeps it.
      const coverage =
        newCoverage ??
        (previous[0]?.coverage ? JSON.parse(previous[0].coverage) : undefined);
      for (const { id } of previous) {
        await tx(CASES).where({ report_id: id }).delete();
        await tx(REPORTS).where({ id }).delete();
      }
      await tx(REPORTS)
        .where({ id: reportId })
        .update({
          ...totalsColumns(report.totals),
          state: READY,
          suites: JSON.stringify(report.suites),
          coverage: coverage === undefined ? null : JSON.stringify(coverage),
          received_at: new Date(),
          heartbeat_at: null,
        });
    });
  }

  /** Deletes reports and their cases (cases in batches, outside any long transaction). */
  private async deleteReports(ids: number[]) {
    for (const id of ids) {
      await this.db(CASES).where({ report_id: id }).delete();
      await this.db(REPORTS).where({ id }).delete();
    }
  }

  /**
   * Attaches a coverage summary (Istanbul's coverage-summary.json `total`) to a task's report,
   * creating an empty one when the task's tests are not uploaded yet.
   */
  async saveCoverage(runUid: string, pipelineTask: string, coverage: unknown) {
    // In one locked transaction, never through the pending path: a JUnit upload in progress
    // for the task neither blocks it nor is replaced by an empty report.
    await this.db.transaction(async tx => {
      await this.lockTask(tx, runUid, pipelineTask);
      const where = {
        run_uid: runUid,
        pipeline_task: pipelineTask,
        state: READY,
      };
      const updated: number = await tx(REPORTS)
        .where(where)
        .update({ coverage: JSON.stringify(coverage) });
      if (updated) return;
      // No report yet: an empty one that holds the coverage (a JUnit upload keeps it).
      await tx(REPORTS)
        .insert({
          ...where,
          source: 'upload',
          ...totalsColumns(emptyTotals()),
          suites: '[]',
          coverage: JSON.stringify(coverage),
          received_at: new Date(),
        })
        .onConflict(['run_uid', 'pipeline_task', 'state'])
        .merge(['coverage']);
    });
  }

  /**
   * The fallback when nothing was uploaded: a task's `junit-summary` result (JSON counts), kept
   * as a report without test cases. An uploaded report always wins and is never replaced.
   */
  async saveSummaryIfMissing(
    runUid: string,
    pipelineTask: string,
    summary: JUnitSummary,
  ): Promise<boolean> {
    const { tests, failures, errors, skipped } = summary;
    // The tracker calls this for every finished task run it sees, relists included, and an
    // upload (or another replica) may already be there: the task's lock and the unique index
    // keep it to one report.
    const inserted = await this.db.transaction<unknown[]>(async tx => {
      await this.lockTask(tx, runUid, pipelineTask);
      const ids: unknown[] = await tx(REPORTS)
        .insert({
          run_uid: runUid,
          pipeline_task: pipelineTask,
          source: 'result',
          state: READY,
          tests,
          passed: Math.max(0, tests - failures - errors - skipped),
          failed: failures,
          errored: errors,
          skipped,
          duration_ms: 0,
          suites: '[]',
          coverage: null,
          received_at: new Date(),
        })
        .onConflict(['run_uid', 'pipeline_task', 'state'])
        .ignore()
        .returning('id');
      return ids;
    });
    return inserted.length > 0;
  }

  /**
   * The test history of some runs (newest first, from the run store): the trend, the flaky
   * tests and the slowest ones. Reads only the failing tests' rows in full, so large reports
   * stay cheap, and only complete reports' cases.
   */
  async getTestHistory(runs: HistoryRun[]): Promise<EntityTestHistory> {
    const uids = runs.map(r => r.id);
    if (!uids.length) return { trend: [], flaky: [], slowest: [] };

    const totalsByRun = await this.getRunTotals(uids);
    const trend = runs
      .filter(r => totalsByRun.has(r.id))
      .map(r => ({
        runId: r.id,
        runName: r.name,
        revision: r.revision,
        createdAt: r.createdAt,
        status: r.status as EntityTestHistory['trend'][number]['status'],
        totals: totalsByRun.get(r.id)!,
      }));
    // Cases of complete reports only: an upload in progress is not part of the history.
    const reportIds = (
      await this.db(REPORTS)
        .whereIn('run_uid', uids)
        .where({ state: READY })
        .select('id')
    ).map(r => r.id);

    // Flaky: only tests that failed somewhere in the window can be; read just their rows.
    const failingKeys = (
      await this.db(CASES)
        .whereIn('report_id', reportIds)
        .whereIn('status', ['failed', 'errored'])
        .distinct('test_key')
    ).map(r => r.test_key);
    const flaky: EntityTestHistory['flaky'] = [];
    if (failingKeys.length) {
      const rows = await this.db(CASES)
        .whereIn('report_id', reportIds)
        .whereIn('test_key', failingKeys.slice(0, 500))
        .whereNot('status', 'skipped')
        .select('test_key', 'suite', 'class_name', 'name', 'run_uid', 'status');
      const runOrder = new Map(runs.map((r, i) => [r.id, runs.length - i]));
      const revisionOf = new Map(runs.map(r => [r.id, r.revision ?? r.id]));
      const byKey = new Map<string, typeof rows>();
      for (const row of rows)
        byKey.set(row.test_key, [...(byKey.get(row.test_key) ?? []), row]);
      for (const testRows of byKey.values()) {
        const outcomes = new Map<string, Set<boolean>>();
        for (const row of testRows) {
          const revision = revisionOf.get(row.run_uid)!;
          if (!outcomes.has(revision)) outcomes.set(revision, new Set());
          outcomes.get(revision)!.add(row.status === 'passed');
        }
        if (![...outcomes.values()].some(set => set.size === 2)) continue;
        const ordered = [...testRows].sort(
          (a, b) => runOrder.get(a.run_uid)! - runOrder.get(b.run_uid)!,
        );
        let flips = 0;
        for (let i = 1; i < ordered.length; i++)
          if (
            (ordered[i].status === 'passed') !==
            (ordered[i - 1].status === 'passed')
          )
            flips += 1;
        flaky.push({
          suite: testRows[0].suite,
          className: testRows[0].class_name,
          name: testRows[0].name,
          failedRuns: testRows.filter(r => r.status !== 'passed').length,
          passedRuns: testRows.filter(r => r.status === 'passed').length,
          flips,
        });
      }
      flaky.sort((a, b) => b.flips - a.flips || b.failedRuns - a.failedRuns);
    }

    const slowest = (
      await this.db(CASES)
        .whereIn('report_id', reportIds)
        .groupBy('test_key', 'suite', 'class_name', 'name')
        .select('suite', 'class_name', 'name')
        .avg({ average: 'duration_ms' })
        .count({ runs: '*' })
        .orderBy('average', 'desc')
        .limit(10)
    ).map((r: any) => ({
      suite: r.suite,
      className: r.class_name,
      name: r.name,
      averageMs: Math.round(Number(r.average)),
      runs: Number(r.runs),
    }));
    return { trend, flaky, slowest };
  }

  /**
   * Test totals per run, summed over the runs' task reports, in one query; runs without
   * reports are absent.
   */
  async getRunTotals(runUids: string[]): Promise<Map<string, ReportTotals>> {
    const totals = new Map<string, ReportTotals>();
    for (let i = 0; i < runUids.length; i += CHUNK) {
      const rows: any[] = await this.db(REPORTS)
        .whereIn('run_uid', runUids.slice(i, i + CHUNK))
        .where({ state: READY })
        .groupBy('run_uid')
        .select('run_uid')
        .sum({
          tests: 'tests',
          passed: 'passed',
          failed: 'failed',
          errored: 'errored',
          skipped: 'skipped',
          duration_ms: 'duration_ms',
        });
      for (const row of rows) totals.set(row.run_uid, totalsOf(row));
    }
    return totals;
  }

  /** A run's reports per task, with their failed and errored tests. */
  async getRunReports(runUid: string): Promise<TaskReport[]> {
    const reports = await this.db(REPORTS)
      .where({ run_uid: runUid, state: READY })
      .orderBy('pipeline_task');
    if (!reports.length) return [];
    // Every task's failures in one query, not one per task.
    const failures = await this.db(CASES)
      .whereIn(
        'report_id',
        reports.map(r => r.id),
      )
      .whereIn('status', ['failed', 'errored'])
      .orderBy('id');
    return reports.map(row => ({
      pipelineTask: row.pipeline_task,
      source: row.source,
      totals: totalsOf(row),
      suites: JSON.parse(row.suites),
      coverage: row.coverage ? JSON.parse(row.coverage) : undefined,
      receivedAt: new Date(row.received_at).toISOString(),
      failures: failures.filter(c => c.report_id === row.id).map(caseOf),
    }));
  }

  /**
   * A page of one task's test cases, filtered by status and by text in the suite, class or
   * name; failures first, then in report order. Null when the task has no report.
   */
  async listTestCases(options: {
    runUid: string;
    pipelineTask: string;
    status?: TestCaseStatus[];
    q?: string;
    limit: number;
    offset: number;
  }): Promise<TestCasePage | null> {
    const report = await this.db(REPORTS)
      .where({
        run_uid: options.runUid,
        pipeline_task: options.pipelineTask,
        state: READY,
      })
      .first('id');
    if (!report) return null;
    const query = this.db(CASES).where({ report_id: report.id });
    if (options.status?.length) query.whereIn('status', options.status);
    if (options.q) {
      // LIKE with the user's text as data: escape the wildcards it may contain.
      const pattern = `%${options.q
        .toLocaleLowerCase('en-US')
        .replace(/[\\%_]/g, c => `\\${c}`)}%`;
      query.where(inner =>
        inner
          .whereRaw("lower(name) like ? escape '\\'", [pattern])
          .orWhereRaw("lower(class_name) like ? escape '\\'", [pattern])
          .orWhereRaw("lower(suite) like ? escape '\\'", [pattern]),
      );
    }
    const [{ total }] = await query.clone().count({ total: '*' });
    const rows = await query
      .orderByRaw(
        "case when status in ('failed', 'errored') then 0 else 1 end, id",
      )
      .limit(options.limit)
      .offset(options.offset);
    return { items: rows.map(caseOf), total: Number(total) };
  }

  async listReportedTasks(runUids: string[]): Promise<Set<string>> {
    const reported = new Set<string>();
    for (let i = 0; i < runUids.length; i += CHUNK) {
      const rows = await this.db(REPORTS)
        .whereIn('run_uid', runUids.slice(i, i + CHUNK))
        .where({ state: READY })
        .select('run_uid', 'pipeline_task');
      for (const row of rows)
        reported.add(`${row.run_uid}/${row.pipeline_task}`);
    }
    return reported;
  }

  async listReportedRunUids(receivedBefore: Date): Promise<string[]> {
    return (
      await this.db(REPORTS)
        .where('received_at', '<', receivedBefore)
        .distinct('run_uid')
    ).map(row => row.run_uid);
  }

  async deleteForRuns(runUids: string[], tx: Knex.Transaction): Promise<void> {
    for (let i = 0; i < runUids.length; i += CHUNK) {
      const chunk = runUids.slice(i, i + CHUNK);
      await tx(CASES)
        .whereIn(
          'report_id',
          tx(REPORTS).whereIn('run_uid', chunk).select('id'),
        )
        .delete();
      await tx(REPORTS).whereIn('run_uid', chunk).delete();
    }
  }

  async deleteAbandonedUploads(): Promise<number> {
    const abandoned = await this.db(REPORTS)
      .where({ state: PENDING })
      .where('heartbeat_at', '<', new Date(Date.now() - ABANDONED_AFTER_MS))
      .select('id');
    await this.deleteReports(abandoned.map(r => r.id));
    return abandoned.length;
  }
}

/** A stored case row as the API states it. */
function caseOf(row: any): ParsedTestCase {
  return {
    suite: row.suite,
    className: row.class_name,
    name: row.name,
    status: row.status,
    durationMs: Number(row.duration_ms),
    message: row.message ?? undefined,
    type: row.type ?? undefined,
    trace: row.trace ?? undefined,
    systemOut: row.system_out ?? undefined,
    systemErr: row.system_err ?? undefined,
  };
}
