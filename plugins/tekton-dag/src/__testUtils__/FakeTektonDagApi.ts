import type { CompoundEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  BuiltBy,
  buildPipelineDag,
  EntityGitOps,
  EntityPipeline,
  EntityTestHistory,
  GitOpsApplication,
  Page,
  ParamValue,
  PipelineSpec,
  ReportTotals,
  Run,
  RunDetails,
  RunPlan,
  RunPullRequest,
  TaskReport,
  TaskRunSummary,
  TestCase,
  TestCasePage,
} from '@tekton-dag/plugin-tekton-dag-common';
import type {
  CancelMode,
  ClusterInfo,
  GitOpsActionResult,
  LogRequest,
  RunFilter,
  TektonDagApi,
  TestCaseQuery,
} from '../api';

/** A small pipeline for tests: clone -> (lint, test) -> build, report in finally. */
export const testPipelineSpec: PipelineSpec = {
  description: 'Builds and tests the component',
  params: [
    {
      name: 'revision',
      type: 'string',
      default: 'main',
      description: 'Git revision',
    },
    { name: 'image', type: 'string', description: 'Image to push' },
    { name: 'flags', type: 'array', default: ['--ci'] },
  ],
  tasks: [
    { name: 'clone', taskRef: { name: 'git-clone' } },
    { name: 'lint', runAfter: ['clone'], taskRef: { name: 'lint' } },
    { name: 'test', runAfter: ['clone'], taskRef: { name: 'test' } },
    { name: 'build', runAfter: ['lint', 'test'], taskRef: { name: 'build' } },
  ],
  finally: [{ name: 'report', taskRef: { name: 'report' } }],
} as PipelineSpec;

const at = (minute: number) =>
  new Date(Date.UTC(2026, 10, 24, 8, minute)).toISOString();

/** A run record with sensible defaults. */
export function makeRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'run-1',
    name: 'pr-pipeline-abcde',
    namespace: 'shop',
    cluster: 'local',
    entityRef: 'component:default/shop-api',
    pipeline: 'pr-pipeline',
    status: 'Succeeded',
    createdAt: at(0),
    startedAt: at(0),
    completedAt: at(3),
    durationMs: 180_000,
    params: { revision: 'main' },
    results: {},
    revision: '0123456789abcdef0123456789abcdef01234567',
    trigger: { kind: 'portal', by: 'user:default/ada' },
    pruned: false,
    ...overrides,
  };
}

/** Pull request #42 of tekton-dag/shop on GitHub, by alice, pushed to. */
export function makePullRequest(
  overrides: Partial<RunPullRequest> = {},
): RunPullRequest {
  return {
    forge: 'github',
    host: 'github.com',
    repository: 'tekton-dag/shop',
    number: 42,
    url: 'https://github.com/tekton-dag/shop/pull/42',
    title: 'Search by brand',
    author: 'alice',
    event: 'pull_request.synchronize',
    headSha: 'feedc0de0123456789abcdef0123456789abcdef',
    headRef: 'search-by-brand',
    baseSha: '0123456789abcdef0123456789abcdef01234567',
    baseRef: 'main',
    ...overrides,
  };
}

/** The plan of a change to shop-api, which shop-search and shop-web depend on. */
export function makePlan(overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    build: ['component:default/shop-api'],
    test: [
      'component:default/shop-api',
      'component:default/shop-search',
      'component:default/shop-web',
    ],
    systems: ['system:default/shop'],
    explanation: [
      'shop-api changed: it is built and tested.',
      'shop-web depends on shop-api: its integration tests run too.',
      'shop-search depends on shop-api: its integration tests run too.',
    ],
    ...overrides,
  };
}

/** A run the backend started for {@link makePullRequest} with {@link makePlan}. */
export function pullRequestRunFields(): Partial<Run> {
  return {
    pipeline: 'pull-request',
    trigger: { kind: 'pull_request', by: 'alice' },
    pullRequest: makePullRequest(),
    plan: makePlan(),
  };
}

/** Task runs of a run of {@link testPipelineSpec}, all with the given status. */
export function makeTaskRuns(
  run: Run,
  status: TaskRunSummary['status'] = run.status,
): TaskRunSummary[] {
  return ['clone', 'lint', 'test', 'build', 'report'].map((task, i) => ({
    name: `${run.name}-${task}`,
    pipelineTask: task,
    status,
    startedAt: at(i),
    completedAt: status === 'Running' ? undefined : at(i + 1),
    podName: `${run.name}-${task}-pod`,
    steps: [
      {
        name: 'run',
        status,
        exitCode: status === 'Succeeded' ? 0 : undefined,
        startedAt: at(i),
        completedAt: status === 'Running' ? undefined : at(i + 1),
      },
    ],
    params: { revision: 'main' },
    results: {},
  }));
}

/** A test case with defaults: a passing test of the `cart` suite. */
export function makeTestCase(overrides: Partial<TestCase> = {}): TestCase {
  return {
    suite: 'cart',
    className: 'CartTest',
    name: 'adds an item',
    status: 'passed',
    durationMs: 12,
    ...overrides,
  };
}

/** The totals of a set of test cases, as the backend adds them up. */
export function totalsOf(cases: TestCase[]): ReportTotals {
  const count = (status: TestCase['status']) =>
    cases.filter(c => c.status === status).length;
  return {
    tests: cases.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
    durationMs: cases.reduce((sum, c) => sum + c.durationMs, 0),
  };
}

/** An Argo CD Application with defaults: shop-api from the local cluster, synced and healthy. */
export function makeApplication(
  overrides: Partial<GitOpsApplication> = {},
): GitOpsApplication {
  return {
    name: 'shop-api',
    namespace: 'argocd',
    source: { kind: 'kubernetes', cluster: 'local' },
    project: 'default',
    repoURL: 'https://github.com/tekton-dag/tekton-dag.git',
    path: 'examples/shop/shop-api/deploy',
    targetRevision: 'main',
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'shop',
    },
    automated: { prune: true, selfHeal: true },
    sync: {
      status: 'Synced',
      revision: '0123456789abcdef0123456789abcdef01234567',
    },
    health: { status: 'Healthy' },
    history: [],
    resources: [
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'shop-api',
        syncWave: 0,
        status: 'Synced',
        health: 'Healthy',
      },
    ],
    ...overrides,
  };
}

/** What the backend says about the run that built a revision: the run and its test totals. */
export function builtByOf(run: Run, totals?: ReportTotals): BuiltBy {
  return {
    runId: run.id,
    runName: run.name,
    pipeline: run.pipeline,
    status: run.status,
    createdAt: run.createdAt,
    ...(totals && { totals }),
  };
}

const isFailure = (c: TestCase) =>
  c.status === 'failed' || c.status === 'errored';

/**
 * An in-memory tekton-dag backend with the real API's behaviour (filters, cursor paging,
 * created runs appearing in lists, permission errors when told to deny), for component tests.
 */
export class FakeTektonDagApi implements TektonDagApi {
  runs: RunDetails[] = [];
  pipelines: EntityPipeline[] = [
    {
      name: 'pr-pipeline',
      cluster: 'local',
      namespace: 'shop',
      description: testPipelineSpec.description,
      params: testPipelineSpec.params ?? [],
      tasks: ['clone', 'lint', 'test', 'build', 'report'],
    },
  ];
  clusters: ClusterInfo[] = [{ name: 'local', type: 'local', reachable: true }];
  logs: Record<string, string> = {};
  /** Test reports per run id, and their cases per `runId/pipelineTask`. */
  reports: Record<string, TaskReport[]> = {};
  testCases: Record<string, TestCase[]> = {};
  /** Each entity's Argo CD Applications and unreadable sources, by lower-case entity ref. */
  gitops: Record<string, EntityGitOps> = {};
  /** Makes sync and refresh fail as the backend does when the policy denies them (403). */
  denyGitOpsSync = false;
  calls: Array<{ method: string; args: unknown[] }> = [];
  private counter = 0;

  /** Adds (or replaces, by name) an Application of the entity. */
  addApplication(
    entityRef: string,
    overrides: Partial<GitOpsApplication> = {},
  ): GitOpsApplication {
    const gitops = this.gitopsOf(entityRef);
    const app = makeApplication(overrides);
    gitops.items = [...gitops.items.filter(a => a.name !== app.name), app];
    return app;
  }

  /** Records a source the backend could not read for the entity. */
  addGitOpsError(entityRef: string, error: EntityGitOps['errors'][number]) {
    this.gitopsOf(entityRef).errors.push(error);
  }

  private gitopsOf(entityRef: string): EntityGitOps {
    const ref = entityRef.toLowerCase();
    this.gitops[ref] ??= { items: [], errors: [] };
    return this.gitops[ref];
  }

  private application(entity: CompoundEntityRef, name: string) {
    const ref =
      `${entity.kind}:${entity.namespace}/${entity.name}`.toLowerCase();
    const app = this.gitops[ref]?.items.find(a => a.name === name);
    if (!app)
      throw new NotFoundError(`${name} is not an Application of ${ref}`);
    if (this.denyGitOpsSync)
      throw new NotAllowedError(
        'The permission policy denies tekton-dag.gitops.sync',
      );
    return app;
  }

  /** Adds a run of {@link testPipelineSpec} (newest first in lists). */
  addRun(overrides: Partial<Run> = {}, taskStatus?: TaskRunSummary['status']) {
    this.counter += 1;
    const run = makeRun({
      id: `run-${this.counter}`,
      name: `pr-pipeline-${String(this.counter).padStart(5, '0')}`,
      createdAt: new Date(
        Date.UTC(2026, 10, 24, 8, 0, this.counter),
      ).toISOString(),
      ...overrides,
    });
    const details: RunDetails = {
      ...run,
      taskRuns: makeTaskRuns(run, taskStatus ?? run.status),
      dag: buildPipelineDag(testPipelineSpec),
    };
    this.runs.unshift(details);
    return details;
  }

  /**
   * Stores a task's report for a run, as an upload (totals, suites and failures from the cases)
   * or, with `source: 'result'` and `totals`, as a junit-summary result without cases.
   */
  addReport(
    runId: string,
    pipelineTask: string,
    cases: TestCase[],
    extra: Partial<Omit<TaskReport, 'pipelineTask' | 'failures'>> = {},
  ): TaskReport {
    const suites = [...new Set(cases.map(c => c.suite))].map(name => ({
      name,
      ...totalsOf(cases.filter(c => c.suite === name)),
    }));
    const report: TaskReport = {
      pipelineTask,
      source: 'upload',
      totals: totalsOf(cases),
      suites,
      receivedAt: new Date(Date.UTC(2026, 10, 24, 8, 5)).toISOString(),
      ...extra,
      failures: cases.filter(isFailure),
    };
    this.reports[runId] = [
      ...(this.reports[runId] ?? []).filter(
        r => r.pipelineTask !== pipelineTask,
      ),
      report,
    ].sort((a, b) => a.pipelineTask.localeCompare(b.pipelineTask));
    this.testCases[`${runId}/${pipelineTask}`] = cases;
    return report;
  }

  async getHealth() {
    return { status: 'ok' as const };
  }

  async getClusters() {
    return { items: this.clusters };
  }

  async getEntityPipelines(entity: CompoundEntityRef) {
    this.calls.push({ method: 'getEntityPipelines', args: [entity] });
    const ref =
      `${entity.kind}:${entity.namespace}/${entity.name}`.toLowerCase();
    return {
      items: this.pipelines.map(p => ({
        ...p,
        latestRun: this.runs.find(
          r => r.pipeline === p.name && r.entityRef?.toLowerCase() === ref,
        ),
      })),
    };
  }

  async listRuns(
    filter: RunFilter,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<Run>> {
    this.calls.push({ method: 'listRuns', args: [filter, page] });
    const q = filter.q?.toLowerCase();
    const matching = this.runs.filter(
      r =>
        (!filter.entityRef || r.entityRef === filter.entityRef) &&
        (!filter.pipeline || r.pipeline === filter.pipeline) &&
        (!filter.cluster || r.cluster === filter.cluster) &&
        (!filter.status?.length || filter.status.includes(r.status)) &&
        (!filter.trigger?.length || filter.trigger.includes(r.trigger.kind)) &&
        (!q ||
          [r.name, r.pipeline, r.entityRef, r.revision].some(v =>
            v?.toLowerCase().includes(q),
          )),
    );
    const start = page.cursor ? Number(page.cursor) : 0;
    const limit = page.limit ?? 25;
    const items = matching
      .slice(start, start + limit)
      .map(({ taskRuns: _t, dag: _d, skippedTasks: _s, ...run }) => run);
    return {
      items,
      nextCursor:
        start + limit < matching.length ? String(start + limit) : undefined,
    };
  }

  async getRun(id: string) {
    this.calls.push({ method: 'getRun', args: [id] });
    const run = this.runs.find(r => r.id === id);
    if (!run) throw new NotFoundError(`No run ${id}`);
    // A copy, as the real client parses fresh JSON: a page sees a change only when it reads.
    return structuredClone(run);
  }

  async createRun(
    entity: CompoundEntityRef,
    request: { pipeline: string; params?: Record<string, ParamValue> },
  ) {
    this.calls.push({ method: 'createRun', args: [entity, request] });
    const {
      taskRuns: _t,
      dag: _d,
      ...run
    } = this.addRun(
      {
        entityRef:
          `${entity.kind}:${entity.namespace}/${entity.name}`.toLowerCase(),
        pipeline: request.pipeline,
        params: request.params ?? {},
        status: 'Pending',
        completedAt: undefined,
        durationMs: undefined,
      },
      'Pending',
    );
    return run;
  }

  async rerun(id: string, params?: Record<string, ParamValue>) {
    this.calls.push({ method: 'rerun', args: [id, params] });
    const previous = await this.getRun(id);
    const {
      taskRuns: _t,
      dag: _d,
      ...run
    } = this.addRun(
      {
        entityRef: previous.entityRef,
        pipeline: previous.pipeline,
        params: { ...previous.params, ...params },
        status: 'Pending',
        trigger: { kind: 'rerun', by: 'user:default/ada' },
      },
      'Pending',
    );
    return run;
  }

  async cancel(id: string, mode?: CancelMode) {
    this.calls.push({ method: 'cancel', args: [id, mode] });
    const run = this.runs.find(r => r.id === id);
    if (!run) throw new NotFoundError(`No run ${id}`);
    run.status = 'Cancelled';
    const { taskRuns: _t, dag: _d, ...rest } = structuredClone(run);
    return rest;
  }

  async streamLogs(request: LogRequest, onText: (text: string) => void) {
    this.calls.push({ method: 'streamLogs', args: [request] });
    const text =
      this.logs[`${request.taskRunName}/${request.step ?? ''}`] ??
      this.logs[request.taskRunName];
    if (text === undefined)
      throw new NotFoundError(`No log for ${request.taskRunName}`);
    onText(text);
  }

  async getRunReports(runId: string) {
    this.calls.push({ method: 'getRunReports', args: [runId] });
    return { items: this.reports[runId] ?? [] };
  }

  async listTestCases(query: TestCaseQuery): Promise<TestCasePage> {
    this.calls.push({ method: 'listTestCases', args: [query] });
    const { runId, pipelineTask, status, limit = 100, offset = 0 } = query;
    if (!this.reports[runId]?.some(r => r.pipelineTask === pipelineTask))
      throw new NotFoundError(
        `Run ${runId} has no test report for task ${pipelineTask}`,
      );
    const q = query.q?.trim().toLowerCase();
    const cases = this.testCases[`${runId}/${pipelineTask}`] ?? [];
    const matching = cases.filter(
      c =>
        (!status?.length || status.includes(c.status)) &&
        (!q ||
          [c.suite, c.className, c.name].some(v =>
            v.toLowerCase().includes(q),
          )),
    );
    // Failures first, then in report order (the sort is stable).
    const ordered = [...matching].sort(
      (a, b) => Number(isFailure(b)) - Number(isFailure(a)),
    );
    return {
      items: ordered.slice(offset, offset + limit),
      total: matching.length,
    };
  }

  async getEntityTests(
    entity: CompoundEntityRef,
    options: { pipeline?: string; limit?: number } = {},
  ): Promise<EntityTestHistory> {
    this.calls.push({ method: 'getEntityTests', args: [entity, options] });
    const ref =
      `${entity.kind}:${entity.namespace}/${entity.name}`.toLowerCase();
    const runs = this.runs
      .filter(
        r =>
          r.entityRef?.toLowerCase() === ref &&
          (!options.pipeline || r.pipeline === options.pipeline),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, options.limit ?? 20);
    const withReports = runs.filter(r => this.reports[r.id]?.length);
    const trend = withReports.map(r => ({
      runId: r.id,
      runName: r.name,
      revision: r.revision,
      createdAt: r.createdAt,
      status: r.status,
      totals: this.reports[r.id].reduce<ReportTotals>((sum, report) => {
        const next = { ...sum };
        for (const key of Object.keys(sum) as Array<keyof ReportTotals>)
          next[key] += report.totals[key];
        return next;
      }, totalsOf([])),
    }));

    // Each test's outcomes, oldest run first, keyed by its identity.
    const byTest = new Map<
      string,
      Array<{ test: TestCase; revision: string }>
    >();
    for (const run of [...withReports].reverse()) {
      for (const report of this.reports[run.id]) {
        for (const test of this.testCases[`${run.id}/${report.pipelineTask}`] ??
          []) {
          const key = [test.suite, test.className, test.name].join('\u0000');
          byTest.set(key, [
            ...(byTest.get(key) ?? []),
            { test, revision: run.revision ?? run.id },
          ]);
        }
      }
    }
    const flaky: EntityTestHistory['flaky'] = [];
    const slowest: EntityTestHistory['slowest'] = [];
    for (const outcomes of byTest.values()) {
      const { suite, className, name } = outcomes[0].test;
      slowest.push({
        suite,
        className,
        name,
        averageMs: Math.round(
          outcomes.reduce((sum, o) => sum + o.test.durationMs, 0) /
            outcomes.length,
        ),
        runs: outcomes.length,
      });
      const ran = outcomes.filter(o => o.test.status !== 'skipped');
      const passedOn = new Set(
        ran.filter(o => o.test.status === 'passed').map(o => o.revision),
      );
      // Flaky: failed and passed on the same revision.
      if (
        !ran.some(o => o.test.status !== 'passed' && passedOn.has(o.revision))
      )
        continue;
      let flips = 0;
      for (let i = 1; i < ran.length; i++)
        if (
          (ran[i].test.status === 'passed') !==
          (ran[i - 1].test.status === 'passed')
        )
          flips += 1;
      flaky.push({
        suite,
        className,
        name,
        failedRuns: ran.filter(o => o.test.status !== 'passed').length,
        passedRuns: ran.filter(o => o.test.status === 'passed').length,
        flips,
      });
    }
    flaky.sort((a, b) => b.flips - a.flips || b.failedRuns - a.failedRuns);
    slowest.sort((a, b) => b.averageMs - a.averageMs);
    return { trend, flaky, slowest: slowest.slice(0, 10) };
  }

  async getEntityGitOps(entity: CompoundEntityRef): Promise<EntityGitOps> {
    this.calls.push({ method: 'getEntityGitOps', args: [entity] });
    const ref =
      `${entity.kind}:${entity.namespace}/${entity.name}`.toLowerCase();
    // A copy, as over the wire: later changes show only after a reload.
    return JSON.parse(
      JSON.stringify(this.gitops[ref] ?? { items: [], errors: [] }),
    );
  }

  async syncApplication(
    entity: CompoundEntityRef,
    application: string,
  ): Promise<GitOpsActionResult> {
    this.calls.push({ method: 'syncApplication', args: [entity, application] });
    const app = this.application(entity, application);
    app.operation = {
      phase: 'Running',
      message: 'Sync requested from the portal',
      startedAt: new Date().toISOString(),
      initiatedBy: 'user:default/ada',
      revision: app.targetRevision,
    };
    return { application, requested: 'sync' };
  }

  async refreshApplication(
    entity: CompoundEntityRef,
    application: string,
  ): Promise<GitOpsActionResult> {
    this.calls.push({
      method: 'refreshApplication',
      args: [entity, application],
    });
    const app = this.application(entity, application);
    app.reconciledAt = new Date().toISOString();
    return { application, requested: 'refresh' };
  }
}
