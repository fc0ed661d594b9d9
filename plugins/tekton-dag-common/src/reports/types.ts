/** A test's outcome. An error (the test could not reach its assertion) is not a failure. */
export type TestCaseStatus = 'passed' | 'failed' | 'errored' | 'skipped';

/** Counts and time of a set of tests: a task's report, a suite, or a run. */
export interface ReportTotals {
  tests: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  durationMs: number;
}

/** One test case as a JUnit report states it. */
export interface TestCase {
  /** Enclosing suites, outermost first, joined with " › ". */
  suite: string;
  className: string;
  name: string;
  status: TestCaseStatus;
  durationMs: number;
  /** The failure's, error's or skip's message attribute. */
  message?: string;
  /** The failure's or error's type attribute (e.g. an exception class). */
  type?: string;
  /** The failure's or error's text: usually the stack trace. */
  trace?: string;
  systemOut?: string;
  systemErr?: string;
}

/** Istanbul's coverage-summary.json totals, as percentages. */
export interface CoverageSummary {
  lines?: number;
  statements?: number;
  functions?: number;
  branches?: number;
}

/** A pipeline task's test report within a run (`GET /runs/:id/reports`). */
export interface TaskReport {
  pipelineTask: string;
  /** `upload`: JUnit XML from publish-results; `result`: the task's junit-summary counts. */
  source: 'upload' | 'result';
  totals: ReportTotals;
  suites: Array<{ name: string } & ReportTotals>;
  coverage?: CoverageSummary;
  receivedAt: string;
  /** Every failed and errored test, with message and trace. */
  failures: TestCase[];
}

/** A page of a task's test cases (`GET /runs/:id/reports/:task/tests`). */
export interface TestCasePage {
  items: TestCase[];
  /** Cases matching the filter, over all pages. */
  total: number;
}

/** A test's identity across runs. */
export interface TestIdentity {
  suite: string;
  className: string;
  name: string;
}

/** An entity's test history (`GET /entities/:kind/:namespace/:name/tests`). */
export interface EntityTestHistory {
  /** Newest run first: each run's totals over its tasks' reports. */
  trend: Array<{
    runId: string;
    runName: string;
    revision?: string;
    createdAt: string;
    status: string;
    totals: ReportTotals;
  }>;
  /** Tests that both failed and passed on the same revision within the window. */
  flaky: Array<
    TestIdentity & {
      failedRuns: number;
      passedRuns: number;
      /** Pass/fail changes between consecutive runs of the test, oldest to newest. */
      flips: number;
    }
  >;
  /** The slowest tests by average duration over the window. */
  slowest: Array<TestIdentity & { averageMs: number; runs: number }>;
}
