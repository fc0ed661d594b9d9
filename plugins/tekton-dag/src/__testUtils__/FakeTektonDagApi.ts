import type { CompoundEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  buildPipelineDag,
  EntityPipeline,
  Page,
  ParamValue,
  PipelineSpec,
  Run,
  RunDetails,
  TaskRunSummary,
} from '@tekton-dag/plugin-tekton-dag-common';
import type {
  CancelMode,
  ClusterInfo,
  LogRequest,
  RunFilter,
  TektonDagApi,
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
  calls: Array<{ method: string; args: unknown[] }> = [];
  private counter = 0;

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
    return run;
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
    const run = await this.getRun(id);
    run.status = 'Cancelled';
    const { taskRuns: _t, dag: _d, ...rest } = run;
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
}
