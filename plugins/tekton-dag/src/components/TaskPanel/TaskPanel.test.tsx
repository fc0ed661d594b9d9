import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  TaskReport,
  TaskRunSummary,
  TestCaseStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import { tektonDagApiRef } from '../../api';
import {
  FakeTektonDagApi,
  makeTestCase,
  totalsOf,
} from '../../__testUtils__/FakeTektonDagApi';
import { labelNotInName } from '../../__testUtils__/labelInName';
import { TaskPanel, TaskPanelProps } from './TaskPanel';

// jsdom lays nothing out: the log viewer gets a fixed size.
jest.mock('react-virtualized-auto-sizer', () =>
  require('../../__testUtils__/fixedSizeAutoSizer'),
);

const at = (seconds: number) =>
  new Date(Date.UTC(2026, 10, 24, 8, 0, seconds)).toISOString();

const buildTaskRun: TaskRunSummary = {
  name: 'pr-pipeline-00001-build',
  pipelineTask: 'build',
  status: 'Failed',
  reason: 'Failed',
  startedAt: at(0),
  completedAt: at(90),
  podName: 'pr-pipeline-00001-build-pod',
  steps: [
    {
      name: 'compile',
      status: 'Succeeded',
      exitCode: 0,
      startedAt: at(0),
      completedAt: at(45),
    },
    {
      name: 'push',
      status: 'Failed',
      exitCode: 137,
      startedAt: at(45),
      completedAt: at(90),
    },
    { name: 'notify', status: 'Cancelled' },
  ],
  params: {
    revision: 'main',
    flags: ['--ci', '--verbose'],
    labels: { team: 'shop', tier: 'backend' },
  },
  results: { digest: 'sha256:abc123' },
};

async function renderPanel(
  props: Partial<TaskPanelProps>,
  api = apiWithLogs(),
) {
  await renderInTestApp(
    <TestApiProvider apis={[[tektonDagApiRef, api]]}>
      <TaskPanel runId="run-1" pipelineTask="build" {...props} />
    </TestApiProvider>,
  );
  return api;
}

function apiWithLogs() {
  const api = new FakeTektonDagApi();
  api.logs['pr-pipeline-00001-build/compile'] = 'compiled\n';
  api.logs['pr-pipeline-00001-build/push'] = 'push: killed\n';
  return api;
}

const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .map(row =>
      Array.from(row.querySelectorAll('th, td'), cell => cell.textContent),
    );

describe('TaskPanel', () => {
  it('says a task that took under a second took "<1s", not "0s"', async () => {
    await renderPanel({
      taskRun: { ...buildTaskRun, startedAt: at(0), completedAt: at(0) },
    });
    expect(screen.getByText('Took <1s')).toBeInTheDocument();
  });

  it('shows the task, its steps with exit codes and durations, params, results and logs', async () => {
    await renderPanel({ taskRun: buildTaskRun });

    expect(screen.getByRole('heading', { name: 'build' })).toBeInTheDocument();
    expect(screen.getByText('Took 1m 30s')).toBeInTheDocument();

    expect(rowTexts(screen.getByRole('table', { name: 'Steps' }))).toEqual([
      ['Step', 'Status', 'Exit code', 'Duration'],
      ['compile', 'Succeeded', '0', '45s'],
      ['push', 'Failed', '137', '45s'],
      ['notify', 'Cancelled', '—', '—'],
    ]);

    const params = screen.getByRole('table', { name: 'Params' });
    expect(rowTexts(params)).toEqual([
      ['revision', 'main'],
      ['flags', '--ci--verbose'],
      ['labels', 'team: shoptier: backend'],
    ]);
    expect(
      within(params)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['--ci', '--verbose', 'team: shop', 'tier: backend']);
    expect(rowTexts(screen.getByRole('table', { name: 'Results' }))).toEqual([
      ['digest', 'sha256:abc123'],
    ]);

    // The failed step's log is open.
    expect(await screen.findByText('push: killed')).toBeInTheDocument();
    // Every button and link, the log's and the steps' too, is named by what it shows.
    expect(labelNotInName()).toEqual([]);
  });

  it("opens a step's log from the steps table", async () => {
    await renderPanel({ taskRun: buildTaskRun });
    await screen.findByText('push: killed');

    await userEvent.click(
      screen.getByRole('button', { name: 'Show the log of compile' }),
    );
    expect(await screen.findByText('compiled')).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'compile (Succeeded)' }),
    ).toHaveAttribute('aria-selected', 'true');
  });

  it('says when a task run has no params or results', async () => {
    await renderPanel({
      taskRun: { ...buildTaskRun, params: undefined, results: {} },
    });
    expect(
      screen.getByText('This task run has no params.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('This task run produced no results.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Params' }),
    ).not.toBeInTheDocument();
  });

  it('explains a skipped task with its reason', async () => {
    const api = await renderPanel({
      pipelineTask: 'deploy',
      skippedReason: 'When Expressions evaluated to false',
    });
    expect(screen.getByRole('heading', { name: 'deploy' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'SkippedWhen Expressions evaluated to false',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(api.calls).toEqual([]);
  });

  it('does not repeat a bare "Skipped" as the reason', async () => {
    await renderPanel({ pipelineTask: 'deploy', skippedReason: 'Skipped' });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'SkippedTekton did not run this task.',
    );
  });

  it('says when a task has not started yet, and closes', async () => {
    const onClose = jest.fn();
    await renderPanel({ pipelineTask: 'report', onClose });
    expect(
      screen.getByText('This task has not started yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Skipped/)).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Close the task panel' }),
    );
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  describe('with a test report', () => {
    const report = (statuses: TestCaseStatus[]): TaskReport => {
      const cases = statuses.map((status, i) =>
        makeTestCase({ name: `case ${i}`, status }),
      );
      return {
        pipelineTask: 'build',
        source: 'upload',
        totals: totalsOf(cases),
        suites: [],
        receivedAt: at(90),
        failures: cases.filter(
          c => c.status !== 'passed' && c.status !== 'skipped',
        ),
      };
    };

    it("links a failed task's failing tests to the Tests tab", async () => {
      await renderPanel({
        taskRun: buildTaskRun,
        testReport: report([
          'passed',
          'failed',
          'errored',
          'failed',
          'skipped',
        ]),
        testsLink: '?view=tests&task=build',
      });
      const link = screen.getByRole('link', { name: '3 failing tests' });
      expect(link).toHaveAttribute('href', '/?view=tests&task=build');
      expect(link.closest('[role="alert"]')).toHaveTextContent(
        '3 failing tests of 5 (1 skipped)',
      );
    });

    it('links the report of a task whose tests passed', async () => {
      await renderPanel({
        taskRun: { ...buildTaskRun, status: 'Succeeded', reason: undefined },
        testReport: report(['passed', 'passed', 'skipped']),
        testsLink: '?view=tests&task=build',
      });
      expect(screen.queryByRole('link', { name: /failing/ })).toBeNull();
      expect(
        screen.getByText(/Tests: 2 of 3 passed, 1 skipped/),
      ).toBeInTheDocument();
      expect(screen.getByRole('link', { name: 'Test report' })).toHaveAttribute(
        'href',
        '/?view=tests&task=build',
      );
    });
  });
});
