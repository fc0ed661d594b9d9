import { createHash } from 'crypto';
import type { Knex } from 'knex';
import type {
  EntityTestHistory,
  ReportTotals,
  TaskReport,
  TestCasePage,
  TestCaseStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import { emptyTotals, ParsedReport, ParsedTestCase } from './parseJUnit';
import type { JUnitSummary } from './junitSummary';

export type StoredTaskReport = TaskReport;

const REPORTS = 'tekton_dag_test_reports';
const CASES = 'tekton_dag_test_cases';
/** Rows per INSERT: 14 columns stay under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

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

/** Test reports in the portal database; a report replaces the task's previous one whole. */
export class DatabaseReportStore {
  constructor(private readonly db: Knex) {}

  /** Stores a parsed task's report in one transaction: all of it or, on failure, nothing. */
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
   * Stores a task's report while it is parsed: `parse` hands over cases in batches, each
   * inserted before more input is read, so a 100,000-case upload never sits in memory whole.
   * It all happens in one transaction, replacing the task's previous report: if parsing fails
   * half-way, nothing of the new report is kept and the old one stays.
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
    return await this.db.transaction(async tx => {
      const previous = await tx(REPORTS)
        .where({ run_uid: runUid, pipeline_task: pipelineTask })
        .select('id', 'coverage');
      // Coverage arrives in its own upload: a new JUnit report keeps it.
      const coverage =
        options.coverage ??
        (previous[0]?.coverage ? JSON.parse(previous[0].coverage) : undefined);
      for (const { id } of previous) {
        await tx(CASES).where({ report_id: id }).delete();
        await tx(REPORTS).where({ id }).delete();
      }
      // Totals are known only at the end; the row exists first so cases can refer to it.
      const [inserted] = await tx(REPORTS)
        .insert({
          run_uid: runUid,
          pipeline_task: pipelineTask,
          source,
          ...totalsColumns(emptyTotals()),
          suites: '[]',
          coverage: coverage === undefined ? null : JSON.stringify(coverage),
          received_at: new Date(),
        })
        .returning('id');
      const reportId = typeof inserted === 'object' ? inserted.id : inserted;
      const postgres = tx.client.config.client === 'pg';
      const write = async (rows: Record<string, unknown>[]) => {
        if (postgres) {
          // One JSON parameter per batch instead of 13 per row: far less to build and parse.
          const names = Object.keys(rows[0]).join(', ');
          await tx.raw(
            `insert into ${CASES} (${names}) select ${names} from json_populate_recordset(null::${CASES}, ?::json)`,
            [JSON.stringify(rows)],
          );
          return;
        }
        for (let i = 0; i < rows.length; i += CHUNK)
          await tx(CASES).insert(rows.slice(i, i + CHUNK));
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
        // Never leave the transaction with a write still in flight.
        await writing.catch(() => {});
      }
      await writing;
      await tx(REPORTS)
        .where({ id: reportId })
        .update({
          ...totalsColumns(report.totals),
          suites: JSON.stringify(report.suites),
        });
      return report.totals;
    });
  }

  /**
   * Attaches a coverage summary (Istanbul's coverage-summary.json `total`) to a task's report,
   * creating an empty one when the task's tests are not uploaded yet.
   */
  async saveCoverage(runUid: string, pipelineTask: string, coverage: unknown) {
    const updated = await this.db(REPORTS)
      .where({ run_uid: runUid, pipeline_task: pipelineTask })
      .update({ coverage: JSON.stringify(coverage) });
    if (updated === 0) {
      await this.saveReport({
        runUid,
        pipelineTask,
        source: 'upload',
        report: {
          totals: emptyTotals(),
          suites: [],
          cases: [],
        },
        coverage,
      });
    }
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
    // One statement, no read first: the tracker calls this for every finished task run it
    // sees, relists included, and an upload (or another replica) may already be there.
    const inserted = await this.db(REPORTS)
      .insert({
        run_uid: runUid,
        pipeline_task: pipelineTask,
        source: 'result',
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
      .onConflict(['run_uid', 'pipeline_task'])
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  /**
   * An entity's test history over its last `limit` runs (of one pipeline, if given): the
   * trend, the flaky tests and the slowest ones. Reads only the failing tests' rows in full, so
   * large reports stay cheap.
   */
  async getEntityTestHistory(options: {
    entityRef: string;
    pipeline?: string;
    limit: number;
  }): Promise<EntityTestHistory> {
    const runsQuery = this.db('tekton_dag_runs')
      .where({ entity_ref: options.entityRef })
      .select('uid', 'name', 'revision', 'created_at', 'status')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'uid', order: 'desc' },
      ])
      .limit(options.limit);
    if (options.pipeline) runsQuery.where({ pipeline: options.pipeline });
    const runs = await runsQuery;
    const uids = runs.map(r => r.uid);
    if (!uids.length) return { trend: [], flaky: [], slowest: [] };

    const totalsByRun = await this.getRunTotals(uids);
    const trend = runs
      .filter(r => totalsByRun.has(r.uid))
      .map(r => ({
        runId: r.uid,
        runName: r.name,
        revision: r.revision ?? undefined,
        createdAt: new Date(r.created_at).toISOString(),
        status: r.status,
        totals: totalsByRun.get(r.uid)!,
      }));

    // Flaky: only tests that failed somewhere in the window can be; read just their rows.
    const failingKeys = (
      await this.db(CASES)
        .whereIn('run_uid', uids)
        .whereIn('status', ['failed', 'errored'])
        .distinct('test_key')
    ).map(r => r.test_key);
    const flaky: EntityTestHistory['flaky'] = [];
    if (failingKeys.length) {
      const rows = await this.db(CASES)
        .whereIn('run_uid', uids)
        .whereIn('test_key', failingKeys.slice(0, 500))
        .whereNot('status', 'skipped')
        .select('test_key', 'suite', 'class_name', 'name', 'run_uid', 'status');
      const runOrder = new Map(runs.map((r, i) => [r.uid, runs.length - i]));
      const revisionOf = new Map(runs.map(r => [r.uid, r.revision ?? r.uid]));
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
        .whereIn('run_uid', uids)
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
  async getRunReports(runUid: string): Promise<StoredTaskReport[]> {
    const reports = await this.db(REPORTS)
      .where({ run_uid: runUid })
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
      .where({ run_uid: options.runUid, pipeline_task: options.pipelineTask })
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
