import { useState } from 'react';
import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  buildPipelineDag,
  Dag,
  TaskRunSummary,
} from '@tekton-dag/plugin-tekton-dag-common';
import {
  makeRun,
  makeTaskRuns,
  testPipelineSpec,
} from '../../__testUtils__/FakeTektonDagApi';
import { layoutDag } from './layoutDag';
import { PipelineDag } from './PipelineDag';

// Counts layouts while keeping the real one.
jest.mock('./layoutDag', () => {
  const actual = jest.requireActual('./layoutDag');
  return { ...actual, layoutDag: jest.fn(actual.layoutDag) };
});
const layoutCalls = layoutDag as jest.MockedFunction<typeof layoutDag>;

const dag = buildPipelineDag(testPipelineSpec);
const run = makeRun();
// clone starts at 08:00, lint at 08:01, test at 08:02, build at 08:03, report at 08:04.
const minute = (m: number, s = 0) => new Date(Date.UTC(2026, 10, 24, 8, m, s));

function withStatus(
  runs: TaskRunSummary[],
  task: string,
  status: TaskRunSummary['status'],
): TaskRunSummary[] {
  return runs.map(r =>
    r.pipelineTask === task
      ? {
          ...r,
          status,
          completedAt: status === 'Running' ? undefined : r.completedAt,
        }
      : r,
  );
}

const taskBoxes = () =>
  within(screen.getByRole('group', { name: 'Pipeline tasks' })).getAllByRole(
    'button',
  );
const taskBox = (name: string) => screen.getByTestId(`dag-node-${name}`);
/** How many edges one of the shared edge paths draws. */
const subpaths = (testId: string) =>
  (screen.getByTestId(testId).getAttribute('d')?.match(/M/g) ?? []).length;

describe('PipelineDag', () => {
  beforeEach(() => layoutCalls.mockClear());

  it('draws one box per task and one arrow per edge, the finally task in its lane', async () => {
    await renderInTestApp(<PipelineDag dag={dag} />);
    expect(taskBoxes().map(b => b.getAttribute('data-testid'))).toEqual([
      'dag-node-clone',
      'dag-node-lint',
      'dag-node-test',
      'dag-node-build',
      'dag-node-report',
    ]);
    // clone -> lint, clone -> test, lint -> build, test -> build: solid, none dashed.
    expect(subpaths('dag-edges-arrows')).toBe(4);
    expect(subpaths('dag-edges-run-after')).toBe(4);
    expect(subpaths('dag-edges-result')).toBe(0);
    expect(
      within(screen.getByTestId('dag-finally-lane')).getByText('finally'),
    ).toBeInTheDocument();
    expect(taskBox('report')).toHaveAccessibleName(
      'report: Not started, finally',
    );
  });

  it("shows each task's status and duration from its TaskRuns", async () => {
    let taskRuns = withStatus(
      makeTaskRuns(run, 'Succeeded'),
      'build',
      'Failed',
    );
    taskRuns = withStatus(taskRuns, 'lint', 'Running');
    taskRuns = taskRuns.filter(r => r.pipelineTask !== 'report');
    await renderInTestApp(
      <PipelineDag dag={dag} taskRuns={taskRuns} now={minute(4, 30)} />,
    );

    expect(taskBox('clone')).toHaveAccessibleName('clone: Succeeded, 1m');
    expect(taskBox('build')).toHaveAccessibleName('build: Failed, 1m');
    // Running since 08:01, so 3m 30s at 08:04:30.
    expect(taskBox('lint')).toHaveAccessibleName('lint: Running, 3m 30s');
    expect(taskBox('report')).toHaveAccessibleName(
      'report: Not started, finally',
    );
    expect(
      ['clone', 'lint', 'test', 'build', 'report'].map(name =>
        taskBox(name).getAttribute('data-status'),
      ),
    ).toEqual(['Succeeded', 'Running', 'Succeeded', 'Failed', 'NotStarted']);
    expect(within(taskBox('lint')).getByText('3m 30s')).toBeInTheDocument();
    expect(
      within(taskBox('report')).getByText('Not started'),
    ).toBeInTheDocument();
  });

  it('says "<1s" for a task that took under a second', async () => {
    const taskRuns = makeTaskRuns(run, 'Succeeded').map(t =>
      t.pipelineTask === 'clone' ? { ...t, completedAt: t.startedAt } : t,
    );
    await renderInTestApp(<PipelineDag dag={dag} taskRuns={taskRuns} />);
    expect(taskBox('clone')).toHaveAccessibleName('clone: Succeeded, <1s');
  });

  it('marks skipped tasks, with the reason in their tooltip', async () => {
    const taskRuns = makeTaskRuns(run).filter(r => r.pipelineTask !== 'build');
    await renderInTestApp(
      <PipelineDag
        dag={dag}
        taskRuns={taskRuns}
        skippedTasks={[
          { name: 'build', reason: 'When Expressions evaluated to false' },
        ]}
      />,
    );
    const build = taskBox('build');
    expect(build).toHaveAttribute('data-status', 'Skipped');
    expect(within(build).getByText('skipped')).toBeInTheDocument();
    expect(build.querySelector('title')?.textContent).toContain(
      'When Expressions evaluated to false',
    );
    expect(build).toHaveAccessibleName(
      'build: Skipped, When Expressions evaluated to false',
    );
  });

  it('draws a matrix task once, with its fan-out and the worst status of its TaskRuns', async () => {
    const matrixDag: Dag = {
      nodes: [
        {
          name: 'known',
          finally: false,
          conditional: false,
          matrix: { params: ['os'], combinations: 3 },
        },
        {
          name: 'dynamic',
          finally: false,
          conditional: true,
          matrix: { params: ['target'] },
        },
      ],
      edges: [{ from: 'known', to: 'dynamic', kinds: ['result'] }],
    };
    const base = makeTaskRuns(run)[0];
    const taskRuns: TaskRunSummary[] = [
      { ...base, name: 'known-0', pipelineTask: 'known', status: 'Succeeded' },
      {
        ...base,
        name: 'dynamic-0',
        pipelineTask: 'dynamic',
        status: 'Running',
        completedAt: undefined,
      },
      { ...base, name: 'dynamic-1', pipelineTask: 'dynamic', status: 'Failed' },
    ];
    await renderInTestApp(
      <PipelineDag dag={matrixDag} taskRuns={taskRuns} now={minute(2)} />,
    );
    expect(taskBoxes()).toHaveLength(2);
    expect(within(taskBox('known')).getByText('×3')).toBeInTheDocument();
    expect(within(taskBox('dynamic')).getByText('×2')).toBeInTheDocument();
    expect(taskBox('known')).toHaveAttribute('data-status', 'Succeeded');
    expect(taskBox('dynamic')).toHaveAttribute('data-status', 'Failed');
    expect(taskBox('dynamic')).toHaveAccessibleName(
      'dynamic: Failed, 2m, matrix ×2, has when expressions',
    );
    expect(within(taskBox('dynamic')).getByText('when')).toBeInTheDocument();
    expect(within(taskBox('known')).queryByText('when')).toBeNull();
    expect(subpaths('dag-edges-result')).toBe(1);
    expect(subpaths('dag-edges-run-after')).toBe(0);
  });

  it('selects a task by click and by keyboard, and highlights the selected one', async () => {
    const onSelectTask = jest.fn();
    await renderInTestApp(
      <PipelineDag dag={dag} selectedTask="lint" onSelectTask={onSelectTask} />,
    );
    expect(taskBox('lint')).toHaveAttribute('aria-pressed', 'true');
    expect(taskBox('test')).toHaveAttribute('aria-pressed', 'false');
    // clone -> lint and lint -> build stand out.
    expect(screen.getAllByTestId('dag-edge-highlighted')).toHaveLength(2);

    await userEvent.click(taskBox('test'));
    expect(onSelectTask).toHaveBeenLastCalledWith('test');

    taskBox('build').focus();
    await userEvent.keyboard('{Enter}');
    expect(onSelectTask).toHaveBeenLastCalledWith('build');

    taskBox('clone').focus();
    await userEvent.keyboard(' ');
    expect(onSelectTask).toHaveBeenLastCalledWith('clone');
    expect(onSelectTask).toHaveBeenCalledTimes(3);
  });

  /** The graph of a run whose `test` task failed, with failing-test counts per task. */
  const renderWithFailingTests = async (counts: Array<[string, number]>) => {
    const onOpen = jest.fn();
    const onSelectTask = jest.fn();
    await renderInTestApp(
      <PipelineDag
        dag={dag}
        taskRuns={withStatus(makeTaskRuns(run), 'test', 'Failed')}
        onSelectTask={onSelectTask}
        failingTests={{
          counts: new Map(counts),
          href: task => `?view=tests&task=${task}`,
          onOpen,
        }}
      />,
    );
    return { onOpen, onSelectTask };
  };

  it('badges tasks with failing tests, each badge a link that opens them without selecting the task', async () => {
    const { onOpen, onSelectTask } = await renderWithFailingTests([
      ['test', 3],
      ['lint', 1],
    ]);
    const badge = screen.getByRole('link', {
      name: '3 failing tests in test',
    });
    expect(badge).toHaveAttribute('href', '?view=tests&task=test');
    expect(badge).toHaveTextContent('✕ 3');
    expect(
      screen.getByRole('link', { name: '1 failing test in lint' }),
    ).toBeInTheDocument();
    // Tasks without failing tests have no badge.
    expect(screen.getAllByRole('link')).toHaveLength(2);
    expect(
      within(screen.getByRole('list', { name: 'Legend' })).getByText(
        '✕N Failing tests (opens them)',
      ),
    ).toBeInTheDocument();

    await userEvent.click(badge);
    expect(onOpen).toHaveBeenCalledWith('test');
    expect(onSelectTask).not.toHaveBeenCalled();
  });

  it('leaves modified and middle clicks on a badge to the browser, to open the tests in a new tab', async () => {
    const { onOpen, onSelectTask } = await renderWithFailingTests([
      ['test', 3],
    ]);
    const badge = screen.getByRole('link', {
      name: '3 failing tests in test',
    });
    // fireEvent answers false when a handler prevented the default (following the href).
    for (const init of [
      { ctrlKey: true },
      { metaKey: true },
      { shiftKey: true },
      { button: 1 },
    ]) {
      expect(fireEvent.click(badge, init)).toBe(true);
    }
    expect(onOpen).not.toHaveBeenCalled();
    expect(onSelectTask).not.toHaveBeenCalled();

    // A plain left click stays on the page.
    expect(fireEvent.click(badge)).toBe(false);
    expect(onOpen).toHaveBeenCalledWith('test');
  });

  it('takes a new status without laying the graph out again', async () => {
    function LiveRun() {
      const [taskRuns, setTaskRuns] = useState(
        withStatus(makeTaskRuns(run), 'build', 'Running'),
      );
      const [graph, setGraph] = useState(dag);
      return (
        <>
          <button
            onClick={() =>
              setTaskRuns(withStatus(makeTaskRuns(run), 'build', 'Succeeded'))
            }
          >
            finish build
          </button>
          <button onClick={() => setGraph(buildPipelineDag(testPipelineSpec))}>
            new graph
          </button>
          <PipelineDag dag={graph} taskRuns={taskRuns} now={minute(5)} />
        </>
      );
    }
    await renderInTestApp(<LiveRun />);
    expect(taskBox('build')).toHaveAttribute('data-status', 'Running');
    const layouts = layoutCalls.mock.calls.length;
    expect(layouts).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('button', { name: 'finish build' }));
    expect(taskBox('build')).toHaveAttribute('data-status', 'Succeeded');
    expect(taskBox('build')).toHaveAccessibleName('build: Succeeded, 1m');
    expect(layoutCalls).toHaveBeenCalledTimes(layouts);

    await userEvent.click(screen.getByRole('button', { name: 'new graph' }));
    expect(layoutCalls).toHaveBeenCalledTimes(layouts + 1);
  });

  it('zooms with its buttons and fits back', async () => {
    await renderInTestApp(<PipelineDag dag={dag} />);
    const view = screen.getByTestId('dag-view');
    expect(view).toHaveAttribute('transform', 'translate(0,0) scale(1)');
    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(view.getAttribute('transform')).toMatch(/scale\(1\.25\)$/);
    await userEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    await userEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(view.getAttribute('transform')).toMatch(/scale\(0\.8\)$/);
    await userEvent.click(screen.getByRole('button', { name: 'Fit to view' }));
    expect(view).toHaveAttribute('transform', 'translate(0,0) scale(1)');
  });

  it('explains the status colours in a legend', async () => {
    await renderInTestApp(<PipelineDag dag={dag} />);
    const legend = screen.getByRole('list', { name: 'Legend' });
    for (const label of [
      'Succeeded',
      'Failed',
      'Running',
      'Pending',
      'Cancelled',
      'Timed out',
      'Not started',
      'Skipped',
      'Uses a result',
    ]) {
      expect(within(legend).getByText(label)).toBeInTheDocument();
    }
    // Badges are explained only where there are some.
    expect(within(legend).queryByText(/Failing tests/)).toBeNull();
  });

  it('says so when the pipeline has no tasks', async () => {
    await renderInTestApp(<PipelineDag dag={{ nodes: [], edges: [] }} />);
    expect(
      screen.getByText('This pipeline has no tasks to draw.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Pipeline tasks' })).toBeNull();
  });
});
