import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TestCase } from '@tekton-dag/plugin-tekton-dag-common';
import {
  FakeTektonDagApi,
  makeTestCase,
} from '../../__testUtils__/FakeTektonDagApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { runPageRoutes } from '../../__testUtils__/runPageRoutes';

// jsdom lays nothing out: the log viewer gets a fixed size.
jest.mock('react-virtualized-auto-sizer', () =>
  require('../../__testUtils__/fixedSizeAutoSizer'),
);

const page = runPageRoutes({ showQuery: true });

const cartFailure = makeTestCase({
  name: 'applies the discount',
  status: 'failed',
  durationMs: 40,
  message: 'expected 90 to equal 81',
  type: 'AssertionError',
  trace: 'AssertionError: expected 90 to equal 81\n    at cart.test.ts:42:7',
  systemOut: 'discount: 10%',
});
const checkoutError = makeTestCase({
  suite: 'checkout',
  className: 'CheckoutTest',
  name: 'charges the card',
  status: 'errored',
  durationMs: 1_500,
  message: 'connect ECONNREFUSED 127.0.0.1:5432',
  trace: 'Error: connect ECONNREFUSED\n    at db.ts:7:3',
});
const cases: TestCase[] = [
  makeTestCase({ name: 'adds an item', durationMs: 10 }),
  cartFailure,
  makeTestCase({ name: 'removes an item', durationMs: 12 }),
  makeTestCase({
    suite: 'checkout',
    className: 'CheckoutTest',
    name: 'pays with a voucher',
    status: 'skipped',
    durationMs: 0,
    message: 'vouchers are off',
  }),
  checkoutError,
  makeTestCase({
    suite: 'checkout',
    className: 'CheckoutTest',
    name: 'shows the total',
    durationMs: 30,
  }),
];

/** A failed run whose `test` task uploaded `cases` and coverage. */
function failedRunWithReport() {
  const api = new FakeTektonDagApi();
  const run = api.addRun({ status: 'Failed' });
  api.addReport(run.id, 'test', cases, {
    coverage: { lines: 82.5, statements: 81, functions: 90, branches: 64.25 },
  });
  api.logs[`${run.name}-test`] = 'npm test\n';
  return { api, run };
}

const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .map(row =>
      Array.from(row.querySelectorAll('th, td'), cell => cell.textContent),
    );

const summaryValue = (region: HTMLElement, term: string) =>
  within(region).getByText(term, { selector: 'dt' }).nextElementSibling
    ?.textContent;

describe('the run page Tests tab', () => {
  it('sums the tests up, lists failures first with their traces, suites and coverage', async () => {
    const { api, run } = failedRunWithReport();
    await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}?view=tests`],
    });

    const summary = await screen.findByRole('region', {
      name: 'Test summary',
    });
    expect(screen.getByRole('tab', { name: 'Tests' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      ['Tests', 'Passed', 'Failed', 'Errored', 'Skipped', 'Duration'].map(
        term => summaryValue(summary, term),
      ),
    ).toEqual(['6', '3', '1', '1', '1', '1.6 s']);

    // Failures, from the report itself, each with its message; traces behind a toggle.
    const failing = screen.getByRole('list', { name: 'Failing tests' });
    expect(
      within(failing)
        .getAllByRole('listitem')
        .map(item => item.getAttribute('aria-label')),
    ).toEqual(['applies the discount', 'charges the card']);
    const discount = within(failing).getByRole('listitem', {
      name: 'applies the discount',
    });
    expect(discount).toHaveTextContent(
      'AssertionError: expected 90 to equal 81',
    );
    expect(discount).toHaveTextContent('cart › CartTest · 40 ms');
    expect(within(discount).queryByText(/at cart.test.ts/)).toBeNull();
    const toggle = within(discount).getByRole('button', {
      name: 'Show the stack trace and output of applies the discount',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(within(discount).getByLabelText('Stack trace')).toHaveTextContent(
      'at cart.test.ts:42:7',
    );
    expect(within(discount).getByText('discount: 10%')).toBeInTheDocument();

    // All cases, as the server pages them: failures first.
    const table = await screen.findByRole('table', { name: 'Tests of test' });
    await waitFor(() =>
      expect(within(table).getAllByRole('row')).toHaveLength(7),
    );
    expect(
      rowTexts(table)
        .slice(1)
        .map(cells => cells[0]),
    ).toEqual(['Failed', 'Errored', 'Passed', 'Passed', 'Skipped', 'Passed']);
    expect(screen.getByText('Showing 6 of 6')).toBeInTheDocument();

    // Suites with failures first.
    expect(
      rowTexts(screen.getByRole('table', { name: 'Suites of test' })),
    ).toEqual([
      ['Suite', 'Tests', 'Passed', 'Failed', 'Errored', 'Skipped', 'Duration'],
      ['cart', '3', '2', '1', '0', '0', '62 ms'],
      ['checkout', '3', '1', '0', '1', '1', '1.5 s'],
    ]);

    const coverage = screen.getByRole('region', { name: 'Coverage of test' });
    expect(
      within(coverage)
        .getAllByRole('term')
        .map(
          term => `${term.textContent} ${term.nextElementSibling?.textContent}`,
        ),
    ).toEqual([
      'Lines 82.5%',
      'Statements 81%',
      'Functions 90%',
      'Branches 64.3%',
    ]);
    expect(
      within(coverage).getByRole('progressbar', { name: 'Lines coverage' }),
    ).toHaveAttribute('aria-valuenow', '83');
  });

  it('filters by status and searches on the server', async () => {
    const { api, run } = failedRunWithReport();
    await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}?view=tests&task=test`],
    });
    const table = await screen.findByRole('table', { name: 'Tests of test' });
    await waitFor(() =>
      expect(within(table).getAllByRole('row')).toHaveLength(7),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Passed 3' }));
    expect(screen.getByRole('button', { name: 'Passed 3' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await waitFor(() =>
      expect(
        rowTexts(table)
          .slice(1)
          .map(cells => cells[1]),
      ).toEqual(['adds an item', 'removes an item', 'shows the total']),
    );
    expect(api.calls.at(-1)).toEqual({
      method: 'listTestCases',
      args: [
        {
          runId: run.id,
          pipelineTask: 'test',
          status: ['passed'],
          q: undefined,
          limit: 50,
          offset: 0,
        },
      ],
    });

    // Text in the suite, class or name, case-insensitive, once typing pauses.
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search tests' }),
      'CHECKOUT',
    );
    await waitFor(() =>
      expect(
        rowTexts(table)
          .slice(1)
          .map(cells => cells[1]),
      ).toEqual(['shows the total']),
    );
    const queries = api.calls.filter(c => c.method === 'listTestCases');
    expect(queries.at(-1)!.args[0]).toMatchObject({
      status: ['passed'],
      q: 'CHECKOUT',
    });
    // One query for the whole word, not one per key.
    expect(queries.filter(c => (c.args[0] as any).q)).toHaveLength(1);

    await userEvent.click(screen.getByRole('button', { name: 'Passed 3' }));
    await userEvent.click(screen.getByRole('button', { name: 'Skipped 1' }));
    await waitFor(
      () =>
        expect(
          rowTexts(table)
            .slice(1)
            .map(cells => cells[1]),
        ).toEqual(['pays with a voucher' + 'vouchers are off']), // with its skip message
    );

    await userEvent.clear(
      screen.getByRole('textbox', { name: 'Search tests' }),
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search tests' }),
      'nothing like it',
    );
    expect(
      await within(table).findByText('No tests match the filter.'),
    ).toBeInTheDocument();
  });

  it('pages through thousands of cases with "Show more"', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun();
    api.addReport(
      run.id,
      'test',
      Array.from({ length: 120 }, (_, i) =>
        makeTestCase({ name: `case ${String(i).padStart(3, '0')}` }),
      ),
    );
    await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}?view=tests`],
    });
    expect(await screen.findByText('Showing 50 of 120')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await screen.findByText('Showing 100 of 120')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await screen.findByText('Showing 120 of 120')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    const table = screen.getByRole('table', { name: 'Tests of test' });
    expect(rowTexts(table).at(-1)![1]).toBe('case 119');
    expect(
      api.calls
        .filter(c => c.method === 'listTestCases')
        .map(c => (c.args[0] as any).offset),
    ).toEqual([0, 50, 100]);
  });

  it("says when a task's counts came from its junit-summary result only", async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun({ status: 'Failed' });
    api.addReport(run.id, 'test', [], {
      source: 'result',
      totals: {
        tests: 12,
        passed: 10,
        failed: 2,
        errored: 0,
        skipped: 0,
        durationMs: 0,
      },
    });
    await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}?view=tests`],
    });
    const summary = await screen.findByRole('region', {
      name: 'Test summary',
    });
    expect(summaryValue(summary, 'Failed')).toBe('2');
    expect(
      screen.getByText(/These counts came from test's junit-summary result/),
    ).toHaveTextContent('no JUnit XML was uploaded');
    expect(screen.queryByRole('table', { name: 'Tests of test' })).toBeNull();
    expect(api.calls.some(c => c.method === 'listTestCases')).toBe(false);
  });

  it('explains how reports arrive when the run has none, and shows them live once uploaded', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun(
      { status: 'Running', completedAt: undefined },
      'Running',
    );
    const { signals } = await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}?view=tests`],
    });
    expect(await screen.findByText('No test reports yet')).toBeInTheDocument();
    expect(
      screen.getByText(/publish-results task uploads the JUnit XML/),
    ).toBeInTheDocument();

    // The test task finishes and publish-results uploads its report: the page hears of the
    // task, reloads the run, and with a task newly finished, the reports.
    api.addReport(run.id, 'test', cases);
    const task = run.taskRuns.find(t => t.pipelineTask === 'test')!;
    task.status = 'Failed';
    task.completedAt = new Date().toISOString();
    act(() =>
      signals!.publish(`tekton-dag:run:${run.id}`, {
        type: 'taskRuns',
        runId: run.id,
        taskRuns: [{ name: task.name, status: 'Failed' }],
      }),
    );
    expect(
      await screen.findByRole('listitem', { name: 'applies the discount' }),
    ).toBeInTheDocument();
  });

  it('reloads the reports when the backend says one was stored, with no task change', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun();
    const { signals } = await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}?view=tests`],
    });
    expect(
      await screen.findByText('No test reports for this run'),
    ).toBeInTheDocument();
    // A late upload (e.g. publish-results of a run that already finished).
    api.addReport(run.id, 'test', cases);
    act(() =>
      signals!.publish(`tekton-dag:run:${run.id}`, {
        type: 'reports',
        runId: run.id,
        pipelineTask: 'test',
      }),
    );
    expect(
      await screen.findByRole('listitem', { name: 'applies the discount' }),
    ).toBeInTheDocument();
  });

  it('says when the finished run has no reports', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun();
    await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}?view=tests`],
    });
    expect(
      await screen.findByText('No test reports for this run'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Test summary' })).toBeNull();
  });

  it("shows one task's report at a time: the failing one, or the one in ?task=", async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun({ status: 'Failed' });
    api.addReport(run.id, 'lint', [
      makeTestCase({ suite: 'eslint', className: 'eslint', name: 'src/a.ts' }),
    ]);
    api.addReport(run.id, 'test', cases);
    await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}?view=tests`],
    });
    const summary = await screen.findByRole('region', {
      name: 'Test summary',
    });
    expect(summaryValue(summary, 'Tests')).toBe('7');
    expect(
      screen.getByRole('tab', { name: 'test · 2 failing' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(
      screen.getByRole('heading', { level: 3, name: 'test' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'lint · 1 test' }));
    expect(
      await screen.findByRole('heading', { level: 3, name: 'lint' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Query')).toHaveTextContent(
      '?view=tests&task=lint',
    );
    expect(
      screen.getByRole('region', { name: 'Test summary of lint' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Failing tests' })).toBeNull();
  });

  it("links a failed task's panel to its failing tests", async () => {
    const { api, run } = failedRunWithReport();
    await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}?task=test`],
    });
    const link = await screen.findByRole('link', { name: '2 failing tests' });
    expect(link).toHaveAttribute(
      'href',
      `/runs/${run.id}?view=tests&task=test`,
    );
    // The graph's other tasks have no report: no link in their panels.
    expect(api.calls.filter(c => c.method === 'getRunReports')).toHaveLength(1);

    await userEvent.click(link);
    expect(
      await screen.findByRole('listitem', { name: 'charges the card' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Tests' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(api.calls.filter(c => c.method === 'getRunReports')).toHaveLength(1);
  });
});
