import type { Knex } from 'knex';
import type {
  EntityTestHistory,
  ReportTotals,
  TaskReport,
  TestCasePage,
  TestCaseStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { ParsedReport, ParsedTestCase } from '../reports/parseJUnit';
import type { JUnitSummary } from '../reports/junitSummary';

/** The runs a test history covers, newest first (from the run store). */
export type HistoryRun = {
  id: string;
  name: string;
  revision?: string;
  createdAt: string;
  status: string;
};

/**
 * Test reports of runs, one per (run, pipeline task), with their test cases. A report being
 * uploaded is invisible until it is complete; then it replaces the task's previous report.
 */
export interface ReportStore {
  /**
   * Stores a task's report while it is parsed: `parse` hands over cases in batches. Throws
   * ConflictError while another upload for the same task is in progress; on any failure
   * nothing of the new report is kept and the previous one stays.
   */
  storeReport(options: {
    runUid: string;
    pipelineTask: string;
    source: 'upload' | 'result';
    coverage?: unknown;
    parse(
      onCases: (cases: ParsedTestCase[]) => Promise<void>,
    ): Promise<Omit<ParsedReport, 'cases'>>;
  }): Promise<ReportTotals>;
  saveReport(options: {
    runUid: string;
    pipelineTask: string;
    source: 'upload' | 'result';
    report: ParsedReport;
    coverage?: unknown;
  }): Promise<void>;
  saveCoverage(
    runUid: string,
    pipelineTask: string,
    coverage: unknown,
  ): Promise<void>;
  /** Keeps a `junit-summary` result unless the task has a report; true when it was kept. */
  saveSummaryIfMissing(
    runUid: string,
    pipelineTask: string,
    summary: JUnitSummary,
  ): Promise<boolean>;
  getRunReports(runUid: string): Promise<TaskReport[]>;
  /** The (run, task) pairs among these runs that have a report, as `runUid/pipelineTask`. */
  listReportedTasks(runUids: string[]): Promise<Set<string>>;
  getRunTotals(runUids: string[]): Promise<Map<string, ReportTotals>>;
  listTestCases(options: {
    runUid: string;
    pipelineTask: string;
    status?: TestCaseStatus[];
    q?: string;
    limit: number;
    offset: number;
  }): Promise<TestCasePage | null>;
  /** The trend, flaky and slowest tests over the given runs (newest first). */
  getTestHistory(runs: HistoryRun[]): Promise<EntityTestHistory>;
  /** Run UIDs that have reports received before the time (for the orphan sweep). */
  listReportedRunUids(receivedBefore: Date): Promise<string[]>;
  /** Deletes the runs' reports and test cases inside the caller's transaction. */
  deleteForRuns(runUids: string[], tx: Knex.Transaction): Promise<void>;
  /** Deletes uploads that stopped without finishing (a crashed replica); returns how many. */
  deleteAbandonedUploads(): Promise<number>;
}
