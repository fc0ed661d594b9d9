import { readTektonFixtures } from '@tekton-dag/local-cluster';
import { toRunRecord, toTaskRunRecord } from './toRecords';

/** Each contract fixture (PipelineRuns and TaskRuns as Tekton v1 writes them) as history rows. */
const fixtures = new Map(readTektonFixtures().map(f => [f.scenario, f]));

function recordsOf(scenario: string) {
  const fixture = fixtures.get(scenario);
  if (!fixture) throw new Error(`no fixture ${scenario}`);
  return {
    run: toRunRecord(
      fixture.pipelineRun,
      'local',
      'component:default/shop-api',
    ),
    taskRuns: fixture.taskRuns.map(t => toTaskRunRecord(t)!),
  };
}

describe('toRecords, on the Tekton v1 contract fixtures', () => {
  it('reads every scenario the fixtures have', () => {
    expect([...fixtures.keys()].sort()).toEqual([
      'cancel',
      'failure',
      'matrix',
      'retries',
      'success',
      'timeout',
      'when-skip',
    ]);
  });

  it('a success: the run, its results and each task with its step', () => {
    const { run, taskRuns } = recordsOf('success');
    expect(run).toMatchObject({
      id: '6b4d2b1e-0000-4000-8000-000000000001',
      name: 'contract-success',
      pipeline: 'contract-success', // embedded: named by Tekton's label
      status: 'Succeeded',
      reason: 'Succeeded',
      results: { echoed: 'hello' },
      startedAt: '2026-01-01T00:00:00.000Z',
      completedAt: '2026-01-01T00:00:09.000Z',
      durationMs: 9000,
      skippedTasks: [],
    });
    expect(taskRuns.map(t => [t.pipelineTask, t.status, t.runUid])).toEqual([
      ['produce', 'Succeeded', run.id],
      ['consume', 'Succeeded', run.id],
    ]);
    expect(taskRuns[0].steps).toEqual([
      {
        name: 'run',
        status: 'Succeeded',
        exitCode: 0,
        startedAt: '2026-01-01T00:00:01Z',
        completedAt: '2026-01-01T00:00:03Z',
      },
    ]);
    expect(taskRuns[1].params).toEqual({ word: 'hello' });
  });

  it('a failure: Failed, the skipped task with its reason, the failing step', () => {
    const { run, taskRuns } = recordsOf('failure');
    expect(run).toMatchObject({
      status: 'Failed',
      reason: 'Failed',
      message: 'Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 1',
      skippedTasks: [{ name: 'test', reason: 'PipelineRun was stopping' }],
    });
    const build = taskRuns.find(t => t.pipelineTask === 'build')!;
    expect(build).toMatchObject({ status: 'Failed', reason: 'Failed' });
    expect(build.steps[0]).toMatchObject({ status: 'Failed', exitCode: 1 });
  });

  it('a when-skip: Succeeded (reason Completed) with the skipped task', () => {
    expect(recordsOf('when-skip').run).toMatchObject({
      status: 'Succeeded',
      reason: 'Completed',
      skippedTasks: [
        { name: 'deploy', reason: 'When Expressions evaluated to false' },
      ],
    });
  });

  it('a cancellation and a timeout: Cancelled and TimedOut, their TaskRuns Cancelled', () => {
    const cancel = recordsOf('cancel');
    expect(cancel.run).toMatchObject({
      status: 'Cancelled',
      reason: 'Cancelled',
    });
    expect(cancel.taskRuns[0]).toMatchObject({
      status: 'Cancelled',
      reason: 'TaskRunCancelled',
    });
    const timeout = recordsOf('timeout');
    expect(timeout.run).toMatchObject({
      status: 'TimedOut',
      reason: 'PipelineRunTimeout',
      message: 'PipelineRun "contract-timeout" failed to finish within "2s"',
    });
    expect(timeout.taskRuns[0].status).toBe('Cancelled');
  });

  it('retries: one task row, from the last attempt (its pod)', () => {
    const { run, taskRuns } = recordsOf('retries');
    expect(run.status).toBe('Failed');
    expect(taskRuns).toHaveLength(1);
    expect(taskRuns[0]).toMatchObject({
      pipelineTask: 'flaky',
      status: 'Failed',
      podName: 'contract-retries-flaky-pod-retry1',
    });
    expect(taskRuns[0].steps[0]).toMatchObject({ exitCode: 3 });
  });

  it('a matrix: a row per TaskRun, each of the same pipeline task with its params', () => {
    const { run, taskRuns } = recordsOf('matrix');
    expect(run.status).toBe('Succeeded');
    expect(taskRuns.map(t => [t.name, t.pipelineTask, t.params])).toEqual([
      ['contract-matrix-greet-0', 'greet', { who: 'ada' }],
      ['contract-matrix-greet-1', 'greet', { who: 'linus' }],
    ]);
  });
});
