import type { PipelineTask } from '@tekton-dag/plugin-tekton-dag-common';
import {
  aggregateTasksStatus,
  decideFinally,
  decideTasks,
  parentsOf,
  resultProducersOf,
  runConclusion,
  SKIP_REASONS,
  type TaskState,
} from './dagScheduler';

const task = (
  name: string,
  extra: Partial<PipelineTask> = {},
): PipelineTask => ({
  name,
  taskRef: { name: 'work' },
  ...extra,
});

// clone → build → (unit, lint) → deploy, where deploy uses build's image result.
const tasks = [
  task('clone'),
  task('build', { runAfter: ['clone'] }),
  task('unit', { runAfter: ['build'] }),
  task('lint', {
    runAfter: ['build'],
    when: [{ input: 'x', operator: 'in', values: ['y'] }],
  }),
  task('deploy', {
    runAfter: ['unit'],
    params: [{ name: 'image', value: '$(tasks.lint.results.report)' }],
  }),
];
const parents = parentsOf({ tasks });
const states = (entries: Record<string, TaskState>) =>
  new Map<string, TaskState>(
    tasks.map(t => [t.name, entries[t.name] ?? 'pending']),
  );
const alwaysTrue = () => true;

describe('the DAG scheduler', () => {
  it('starts the roots, then each task once all its parents have ended', () => {
    expect(
      decideTasks({
        tasks,
        parents,
        states: states({}),
        whenHolds: alwaysTrue,
      }),
    ).toEqual({
      start: ['clone'],
      skip: [],
    });
    expect(
      decideTasks({
        tasks,
        parents,
        states: states({ clone: 'running' }),
        whenHolds: alwaysTrue,
      }),
    ).toEqual({ start: [], skip: [] });
    // Parallel branches start together.
    expect(
      decideTasks({
        tasks,
        parents,
        states: states({ clone: 'succeeded', build: 'succeeded' }),
        whenHolds: alwaysTrue,
      }).start,
    ).toEqual(['unit', 'lint']);
    // deploy waits for lint too: it uses lint's result (an edge of its own).
    expect(
      decideTasks({
        tasks,
        parents,
        states: states({
          clone: 'succeeded',
          build: 'succeeded',
          unit: 'succeeded',
          lint: 'running',
        }),
        whenHolds: alwaysTrue,
      }).start,
    ).toEqual([]);
  });

  it('decides what a skip decides at once: a dependent of a skipped task runs (or is skipped) in the same call', () => {
    const chain = [
      task('maybe', { when: [{ input: 'a', operator: 'in', values: ['b'] }] }),
      task('after', { runAfter: ['maybe'] }),
      task('uses', {
        params: [{ name: 'x', value: '$(tasks.maybe.results.r)' }],
      }),
      task('later', { runAfter: ['after'] }),
    ];
    expect(
      decideTasks({
        tasks: chain,
        parents: parentsOf({ tasks: chain }),
        states: new Map(chain.map(t => [t.name, 'pending' as TaskState])),
        whenHolds: t => !t.when,
      }),
    ).toEqual({
      start: ['after'],
      skip: [
        { name: 'maybe', reason: 'When Expressions evaluated to false' },
        { name: 'uses', reason: 'Results were missing' },
      ],
    });
  });

  it("skips with Tekton's reasons: when false, results missing, parent failed, stopping", () => {
    const whenFalse = (t: PipelineTask) => !t.when;
    expect(
      decideTasks({
        tasks,
        parents,
        states: states({ clone: 'succeeded', build: 'succeeded' }),
        whenHolds: whenFalse,
      }),
    ).toEqual({
      start: ['unit'],
      skip: [{ name: 'lint', reason: SKIP_REASONS.whenFalse }],
    });
    expect(
      decideTasks({
        tasks,
        parents,
        states: states({
          clone: 'succeeded',
          build: 'succeeded',
          unit: 'succeeded',
          lint: 'skipped',
        }),
        whenHolds: alwaysTrue,
      }).skip,
    ).toEqual([{ name: 'deploy', reason: 'Results were missing' }]);
    expect(
      decideTasks({
        tasks,
        parents,
        states: states({ clone: 'succeeded', build: 'failed' }),
        stopping: 'failed',
        whenHolds: alwaysTrue,
      }).skip,
    ).toEqual([
      { name: 'unit', reason: 'PipelineRun was stopping' },
      { name: 'lint', reason: 'PipelineRun was stopping' },
      { name: 'deploy', reason: 'PipelineRun was stopping' },
    ]);
    expect(
      decideTasks({
        tasks,
        parents,
        states: states({ clone: 'succeeded', build: 'cancelled' }),
        whenHolds: alwaysTrue,
      }).skip.map(s => s.reason),
    ).toEqual([
      'Parent Tasks were skipped',
      'Parent Tasks were skipped',
      'Results were missing',
    ]);
    expect(
      decideTasks({
        tasks,
        parents,
        states: states({ clone: 'succeeded' }),
        stopping: 'stoppedRunFinally',
        whenHolds: alwaysTrue,
      }).skip,
    ).toEqual(
      ['build', 'unit', 'lint', 'deploy'].map(name => ({
        name,
        reason: 'PipelineRun was gracefully stopped',
      })),
    );
  });

  it('finds result references the way the validator does: spaces inside $( ), not in embedded steps', () => {
    expect(
      resultProducersOf(
        task('t', {
          params: [{ name: 'a', value: '$( tasks.build.results.image )' }],
          when: [
            {
              input: '$(tasks.lint.results.ok)',
              operator: 'in',
              values: ['true'],
            },
          ],
          taskSpec: {
            steps: [
              {
                name: 's',
                image: 'x',
                script: 'echo $(tasks.clone.results.commit)',
              },
            ],
          },
        }),
      ),
    ).toEqual(new Set(['build', 'lint']));
  });

  it('starts finally tasks together, skipping those whose results are missing or whose when is false', () => {
    const finallyTasks = [
      task('report'),
      task('notify', {
        params: [{ name: 'img', value: '$(tasks.deploy.results.url)' }],
      }),
      task('only-on-failure', {
        when: [
          { input: '$(tasks.status)', operator: 'in', values: ['Failed'] },
        ],
      }),
    ];
    expect(
      decideFinally({
        finallyTasks,
        states: states({
          clone: 'succeeded',
          build: 'succeeded',
          unit: 'failed',
          lint: 'skipped',
          deploy: 'skipped',
        }),
        whenHolds: t => !t.when,
      }),
    ).toEqual({
      start: ['report'],
      skip: [
        { name: 'notify', reason: 'Results were missing' },
        {
          name: 'only-on-failure',
          reason: 'When Expressions evaluated to false',
        },
      ],
    });
  });

  it('says what $(tasks.status) is and how the run ends', () => {
    expect(aggregateTasksStatus(['succeeded', 'succeeded'])).toBe('Succeeded');
    expect(aggregateTasksStatus(['succeeded', 'skipped'])).toBe('Completed');
    expect(aggregateTasksStatus(['skipped', 'failed'])).toBe('Failed');

    expect(runConclusion({ states: ['succeeded'], timedOut: false })).toEqual({
      status: 'True',
      reason: 'Succeeded',
    });
    expect(
      runConclusion({ states: ['succeeded', 'skipped'], timedOut: false }),
    ).toEqual({ status: 'True', reason: 'Completed' });
    expect(
      runConclusion({
        states: ['failed', 'skipped'],
        stopping: 'failed',
        timedOut: false,
      }),
    ).toEqual({ status: 'False', reason: 'Failed' });
    expect(
      runConclusion({
        states: ['cancelled'],
        stopping: 'cancelled',
        timedOut: false,
      }),
    ).toEqual({ status: 'False', reason: 'Cancelled' });
    expect(
      runConclusion({
        states: ['succeeded'],
        stopping: 'stoppedRunFinally',
        timedOut: false,
      }),
    ).toEqual({ status: 'False', reason: 'Cancelled' });
    expect(
      runConclusion({
        states: ['cancelled'],
        stopping: 'timeout',
        timedOut: true,
      }),
    ).toEqual({ status: 'False', reason: 'PipelineRunTimeout' });
  });
});
