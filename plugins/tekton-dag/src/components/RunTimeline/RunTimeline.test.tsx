import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  buildPipelineDag,
  RunDetails,
  TaskRunSummary,
} from '@tekton-dag/plugin-tekton-dag-common';
import {
  makeRun,
  testPipelineSpec,
} from '../../__testUtils__/FakeTektonDagApi';
import { RunTimeline } from './RunTimeline';

const T0 = Date.UTC(2026, 10, 24, 8, 0);
/** An ISO timestamp `seconds` after the run started. */
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function taskRun(
  pipelineTask: string,
  startS: number | undefined,
  endS: number | undefined,
  overrides: Partial<TaskRunSummary> = {},
): TaskRunSummary {
  const status =
    overrides.status ?? (endS === undefined ? 'Running' : 'Succeeded');
  return {
    name: `run-${pipelineTask}`,
    pipelineTask,
    status,
    startedAt: startS === undefined ? undefined : at(startS),
    completedAt: endS === undefined ? undefined : at(endS),
    steps:
      startS === undefined
        ? []
        : [
            {
              name: 'run',
              status,
              startedAt: at(startS),
              completedAt: endS === undefined ? undefined : at(endS),
            },
          ],
    results: {},
    ...overrides,
  };
}

function runWith(
  taskRuns: TaskRunSummary[],
  overrides: Partial<RunDetails> = {},
): RunDetails {
  return {
    ...makeRun({ startedAt: at(0), completedAt: at(300) }),
    taskRuns,
    dag: buildPipelineDag(testPipelineSpec),
    ...overrides,
  };
}

const rowNames = () =>
  within(screen.getByRole('list', { name: 'Tasks by start time' }))
    .getAllByRole('button')
    .map(b => b.getAttribute('aria-label'));

const barOf = (rowName: RegExp) =>
  within(screen.getByRole('button', { name: rowName })).getByTestId('task-bar');

describe('RunTimeline', () => {
  it('draws one row per task run in start order, with bars as long as the tasks took', async () => {
    const run = runWith([
      taskRun('build', 180, 300),
      taskRun('clone', 0, 60),
      taskRun('test', 60, 180, { status: 'Failed' }),
      taskRun('lint', 60, 90),
      taskRun('report', 180, 300),
    ]);
    await renderInTestApp(<RunTimeline run={run} />);

    // lint and test started in the same second: the pipeline's order, not the alphabet's.
    expect(rowNames()).toEqual([
      'clone, Succeeded, 1m',
      'lint, Succeeded, 30s',
      'test, Failed, 2m',
      'build, Succeeded, 2m',
      'report, Succeeded, 2m',
    ]);
    // The run spans 5 minutes: clone is the first fifth, test the next two fifths.
    expect(barOf(/^clone/)).toHaveStyle({ left: '0%', width: '20%' });
    expect(barOf(/^test/)).toHaveStyle({ left: '20%', width: '40%' });
    expect(barOf(/^lint/)).toHaveStyle({ left: '20%', width: '10%' });
    expect(barOf(/^build/)).toHaveStyle({ left: '60%', width: '40%' });
  });

  it('says "<1s" for a task that took less than a second, not 0s', async () => {
    const run = runWith([taskRun('clone', 0, 0), taskRun('lint', 0, 2)]);
    await renderInTestApp(<RunTimeline run={run} />);
    expect(rowNames().slice(0, 2)).toEqual([
      'clone, Succeeded, <1s',
      'lint, Succeeded, 2s',
    ]);
  });

  it('extends a running bar to now and labels it with the time so far', async () => {
    const run = runWith(
      [taskRun('clone', 0, 60), taskRun('test', 60, undefined)],
      { status: 'Running', completedAt: undefined },
    );
    await renderInTestApp(
      <RunTimeline run={run} now={new Date(T0 + 240_000)} />,
    );

    expect(
      screen.getByRole('button', { name: 'test, Running, 3m' }),
    ).toBeInTheDocument();
    expect(barOf(/^test/)).toHaveStyle({ left: '25%', width: '75%' });
    expect(barOf(/^clone/)).toHaveStyle({ left: '0%', width: '25%' });
  });

  it('nests a thin bar per step inside its task bar', async () => {
    const run = runWith([
      taskRun('build', 0, 120, {
        steps: [
          {
            name: 'compile',
            status: 'Succeeded',
            startedAt: at(0),
            completedAt: at(30),
          },
          {
            name: 'push',
            status: 'Failed',
            startedAt: at(30),
            completedAt: at(120),
          },
        ],
        status: 'Failed',
      }),
    ]);
    await renderInTestApp(<RunTimeline run={run} />);

    const steps = within(barOf(/^build/)).getAllByTestId('step-bar');
    expect(steps.map(s => s.getAttribute('title'))).toEqual([
      'compile: Succeeded, 30s',
      'push: Failed, 1m 30s',
    ]);
    expect(steps[0]).toHaveStyle({ left: '0%', width: '25%' });
    expect(steps[1]).toHaveStyle({ left: '25%', width: '75%' });
  });

  it('marks the time axis relative to the start of the run', async () => {
    await renderInTestApp(
      <RunTimeline
        run={runWith([taskRun('clone', 0, 180)], { completedAt: at(180) })}
      />,
    );
    const axis = screen.getByTestId('time-axis');
    expect(
      within(axis)
        .getAllByText(/\d/)
        .map(t => t.textContent),
    ).toEqual(['0s', '30s', '1m', '1m 30s', '2m', '2m 30s', '3m']);
  });

  it('gives the exact start and end in the tooltip', async () => {
    await renderInTestApp(
      <RunTimeline run={runWith([taskRun('clone', 0, 75)])} />,
    );
    expect(screen.getByRole('button', { name: /^clone/ })).toHaveAttribute(
      'title',
      `clone\nStarted ${new Date(T0).toLocaleString()}\nFinished ${new Date(
        T0 + 75_000,
      ).toLocaleString()}`,
    );
  });

  it('selects a task by click and by keyboard, and marks the selected row', async () => {
    const onSelectTask = jest.fn();
    const run = runWith([taskRun('clone', 0, 60), taskRun('lint', 60, 120)]);
    await renderInTestApp(
      <RunTimeline run={run} selectedTask="lint" onSelectTask={onSelectTask} />,
    );

    await userEvent.click(screen.getByRole('button', { name: /^clone/ }));
    expect(onSelectTask).toHaveBeenLastCalledWith('clone');

    // The click left focus on clone; the next row is one Tab away.
    await userEvent.tab();
    expect(screen.getByRole('button', { name: /^lint/ })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(onSelectTask).toHaveBeenLastCalledWith('lint');
    await userEvent.keyboard(' ');
    expect(onSelectTask).toHaveBeenCalledTimes(3);

    expect(screen.getByRole('button', { name: /^lint/ })).toHaveAttribute(
      'aria-current',
      'true',
    );
    expect(screen.getByRole('button', { name: /^clone/ })).not.toHaveAttribute(
      'aria-current',
    );
  });

  it('lists tasks that have not started, and skipped ones, without bars', async () => {
    const onSelectTask = jest.fn();
    const run = runWith(
      [
        taskRun('clone', 0, 60),
        taskRun('lint', undefined, undefined, { status: 'Pending' }),
      ],
      {
        status: 'Running',
        completedAt: undefined,
        skippedTasks: [
          { name: 'test', reason: 'When Expressions evaluated to false' },
        ],
      },
    );
    await renderInTestApp(
      <RunTimeline
        run={run}
        now={new Date(T0 + 60_000)}
        onSelectTask={onSelectTask}
      />,
    );

    expect(rowNames()).toEqual([
      'clone, Succeeded, 1m',
      'lint, not started',
      'test, skipped',
      'build, not started',
      'report, not started',
    ]);
    const skipped = screen.getByRole('button', { name: 'test, skipped' });
    expect(skipped).toHaveTextContent(
      'skipped: When Expressions evaluated to false',
    );
    expect(within(skipped).queryByTestId('task-bar')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('task-bar')).toHaveLength(1);

    await userEvent.click(skipped);
    expect(onSelectTask).toHaveBeenCalledWith('test');
  });

  it('says so when no task has run yet', async () => {
    await renderInTestApp(
      <RunTimeline run={runWith([], { status: 'Pending' })} />,
    );
    expect(screen.getByText(/No task has run yet/)).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
