import { createHash } from 'crypto';
import type { Knex } from 'knex';
import type { ParsedReport, ParsedTestCase, ReportTotals } from './parseJUnit';

export interface StoredTaskReport {
  pipelineTask: string;
  source: 'upload' | 'result';
  totals: ReportTotals;
  suites: Array<{ name: string } & ReportTotals>;
  coverage?: unknown;
  receivedAt: string;
  /** Failed and errored cases first, then the rest only when asked for. */
  failures: ParsedTestCase[];
}

const REPORTS = 'tekton_dag_test_reports';
const CASES = 'tekton_dag_test_cases';
/** Rows per INSERT: 14 columns stay under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

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

  /** Stores a task's report in one transaction: all of it or, on failure, nothing. */
  async saveReport(options: {
    runUid: string;
    pipelineTask: string;
    source: 'upload' | 'result';
    report: ParsedReport;
    coverage?: unknown;
  }): Promise<void> {
    const { runUid, pipelineTask, source, report } = options;
    await this.db.transaction(async tx => {
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
      const [inserted] = await tx(REPORTS)
        .insert({
          run_uid: runUid,
          pipeline_task: pipelineTask,
          source,
          tests: report.totals.tests,
          passed: report.totals.passed,
          failed: report.totals.failed,
          errored: report.totals.errored,
          skipped: report.totals.skipped,
          duration_ms: report.totals.durationMs,
          suites: JSON.stringify(report.suites),
          coverage: coverage === undefined ? null : JSON.stringify(coverage),
          received_at: new Date(),
        })
        .returning('id');
      const reportId = typeof inserted === 'object' ? inserted.id : inserted;
      for (let i = 0; i < report.cases.length; i += CHUNK) {
        await tx(CASES).insert(
          report.cases.slice(i, i + CHUNK).map(test => ({
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
          })),
        );
      }
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
          totals: {
            tests: 0,
            passed: 0,
            failed: 0,
            errored: 0,
            skipped: 0,
            durationMs: 0,
          },
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
    summary: {
      tests: number;
      failures: number;
      errors: number;
      skipped: number;
    },
  ): Promise<boolean> {
    const existing = await this.db(REPORTS)
      .where({ run_uid: runUid, pipeline_task: pipelineTask })
      .first('id');
    if (existing) return false;
    const { tests, failures, errors, skipped } = summary;
    try {
      await this.db(REPORTS).insert({
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
      });
    } catch (error) {
      // An upload (or another replica) got there first: the unique index keeps one report.
      if (
        await this.db(REPORTS)
          .where({ run_uid: runUid, pipeline_task: pipelineTask })
          .first('id')
      )
        return false;
      throw error;
    }
    return true;
  }

  /** A run's reports per task, with their failed and errored tests. */
  async getRunReports(runUid: string): Promise<StoredTaskReport[]> {
    const reports = await this.db(REPORTS)
      .where({ run_uid: runUid })
      .orderBy('pipeline_task');
    const result: StoredTaskReport[] = [];
    for (const row of reports) {
      const failures = await this.db(CASES)
        .where({ report_id: row.id })
        .whereIn('status', ['failed', 'errored'])
        .orderBy('id');
      result.push({
        pipelineTask: row.pipeline_task,
        source: row.source,
        totals: {
          tests: Number(row.tests),
          passed: Number(row.passed),
          failed: Number(row.failed),
          errored: Number(row.errored),
          skipped: Number(row.skipped),
          durationMs: Number(row.duration_ms),
        },
        suites: JSON.parse(row.suites),
        coverage: row.coverage ? JSON.parse(row.coverage) : undefined,
        receivedAt: new Date(row.received_at).toISOString(),
        failures: failures.map(c => ({
          suite: c.suite,
          className: c.class_name,
          name: c.name,
          status: c.status,
          durationMs: Number(c.duration_ms),
          message: c.message ?? undefined,
          type: c.type ?? undefined,
          trace: c.trace ?? undefined,
          systemOut: c.system_out ?? undefined,
          systemErr: c.system_err ?? undefined,
        })),
      });
    }
    return result;
  }
}
