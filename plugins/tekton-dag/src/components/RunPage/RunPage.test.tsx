import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FakeTektonDagApi,
  makeTestCase,
  pullRequestRunFields,
} from '../../__testUtils__/FakeTektonDagApi';
import { labelNotInName } from '../../__testUtils__/labelInName';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { runPageRoutes } from '../../__testUtils__/runPageRoutes';

// jsdom lays nothing out: the log viewer gets a fixed size.
jest.mock('react-virtualized-auto-sizer', () =>
  require('../../__testUtils__/fixedSizeAutoSizer'),
);

const page = runPageRoutes();

describe('RunPage', () => {
  it('shows the run with its DAG, timeline and details, and follows it live', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun(
      { status: 'Running', completedAt: undefined },
      'Running',
    );
    const { signals } = await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}`],
    });
    expect(
      await screen.findByRole('heading', { name: run.name }),
    ).toBeInTheDocument();
    expect(screen.getByText('Live')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /^build: Running/ }),
    ).toBeInTheDocument();
    // Every button and link is named by what it shows (label in name).
    expect(labelNotInName()).toEqual([]);

    expect(screen.queryByText(/ · finished /)).not.toBeInTheDocument();

    // The run finishes: the backend signals, the page reloads.
    run.status = 'Succeeded';
    run.completedAt = new Date().toISOString();
    run.taskRuns.forEach(t => {
      t.status = 'Succeeded';
    });
    act(() =>
      signals!.publish(`tekton-dag:run:${run.id}`, {
        type: 'run',
        runId: run.id,
        status: 'Succeeded',
      }),
    );
    expect(
      await screen.findByRole('button', { name: /^build: Succeeded/ }),
    ).toBeInTheDocument();
    // Nothing more can change: no Live chip, and when it finished instead.
    expect(screen.queryByText('Live')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        new RegExp(
          `finished ${new Date(run.completedAt)
            .toLocaleString()
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
        ),
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Details' }));
    // Highlighted YAML is split into tokens; its text is what counts.
    await waitFor(() =>
      expect(document.body.textContent).toContain('kind: PipelineRun'),
    );
    expect(document.body.textContent).toContain(`uid: ${run.id}`);
  });

  it('catches up on a change made before its live subscription took effect', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun(
      { status: 'Pending', completedAt: undefined },
      'Pending',
    );
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });
    await screen.findByRole('status', { name: 'Run status: Pending' });
    // The run finishes while the signals client is still connecting: no signal arrives.
    run.status = 'Succeeded';
    run.completedAt = new Date().toISOString();
    expect(
      await screen.findByRole(
        'status',
        { name: 'Run status: Succeeded' },
        { timeout: 4000 },
      ),
    ).toBeInTheDocument();
  });

  it("shows Tekton's message in red only for a run that failed", async () => {
    const api = new FakeTektonDagApi();
    const progress =
      'Tasks Completed: 3 (Failed: 0, Cancelled 0), Incomplete: 4, Skipped: 0';
    const running = api.addRun(
      { status: 'Running', completedAt: undefined, message: progress },
      'Running',
    );
    const failure = 'Tasks Completed: 5 (Failed: 1, Cancelled 0), Skipped: 2';
    const failed = api.addRun({ status: 'Failed', message: failure });
    await renderWithApis(page, { api, routeEntries: [`/runs/${running.id}`] });
    expect(await screen.findByText(progress)).not.toHaveClass(
      'MuiTypography-colorError',
    );
    cleanup();
    await renderWithApis(page, { api, routeEntries: [`/runs/${failed.id}`] });
    expect(await screen.findByText(failure)).toHaveClass(
      'MuiTypography-colorError',
    );
  });

  it('opens the task panel for a task picked in the graph', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun();
    api.logs[`${run.name}-test`] = 'all 12 tests passed\n';
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });
    await userEvent.click(
      await screen.findByRole('button', { name: /^test: Succeeded/ }),
    );
    expect(await screen.findByText('all 12 tests passed')).toBeInTheDocument();
  });

  it("brings a picked task's panel into view (below the graph it may open under the fold)", async () => {
    const scrolled: Element[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function scrollIntoView(this: Element) {
      scrolled.push(this);
    };
    try {
      const api = new FakeTektonDagApi();
      const run = api.addRun();
      await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });
      await userEvent.click(
        await screen.findByRole('button', { name: /^build: Succeeded/ }),
      );
      const heading = await screen.findByRole('heading', { name: 'build' });
      await waitFor(() =>
        expect(scrolled.some(element => element.contains(heading))).toBe(true),
      );
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });

  it("badges a task with failing tests in the graph, and the badge opens that task's tests", async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun({ status: 'Failed' });
    api.addReport(run.id, 'test', [
      makeTestCase({ name: 'adds an item' }),
      makeTestCase({
        name: 'applies the discount',
        status: 'failed',
        message: 'expected 90 to equal 81',
      }),
      makeTestCase({ name: 'charges the card', status: 'errored' }),
    ]);
    api.addReport(run.id, 'lint', [makeTestCase({ name: 'lints' })]);
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });

    const badge = await screen.findByRole('link', {
      name: '2 failing tests in test',
    });
    // lint's tests all passed: no badge.
    expect(
      screen.queryByRole('link', { name: /failing tests? in lint/ }),
    ).toBeNull();
    await userEvent.click(badge);
    expect(screen.getByRole('tab', { name: 'Tests' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByRole('listitem', { name: 'applies the discount' }),
    ).toHaveTextContent('expected 90 to equal 81');
  });

  it('cancels a running run in the chosen mode', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun(
      { status: 'Running', completedAt: undefined },
      'Running',
    );
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel' }),
    );
    await userEvent.click(screen.getByLabelText(/Stop gracefully/));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    await waitFor(() =>
      expect(api.calls.find(c => c.method === 'cancel')?.args).toEqual([
        run.id,
        'StoppedRunFinally',
      ]),
    );
    expect(
      await screen.findByRole('status', { name: 'Run status: Cancelled' }),
    ).toBeInTheDocument();
  });

  it('reruns and opens the new run', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun();
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });
    await userEvent.click(await screen.findByRole('button', { name: 'Rerun' }));
    expect(
      await screen.findByRole('heading', { name: 'pr-pipeline-00002' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Rerun by ada/)).toBeInTheDocument();
  });

  it('disables Rerun and Cancel, saying why, when the policy denies them', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun(
      { status: 'Running', completedAt: undefined },
      'Running',
    );
    await renderWithApis(page, {
      api,
      routeEntries: [`/runs/${run.id}`],
      deny: ['tekton-dag.run.create', 'tekton-dag.run.cancel'],
    });
    const rerun = await screen.findByRole('button', { name: 'Rerun' });
    await waitFor(() => expect(rerun).toBeDisabled());
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await userEvent.hover(
      screen.getByRole('button', { name: 'Cancel' }).parentElement!,
    );
    expect(
      await screen.findByText(/You may not cancel runs of this entity/),
    ).toBeInTheDocument();
  });

  it('enables Rerun and Rerun with changes by one rule, with the reason in both tooltips', async () => {
    const api = new FakeTektonDagApi();
    // A run of a pipeline the entity has since dropped: the server would refuse either rerun.
    const run = api.addRun({ pipeline: 'retired-pipeline' });
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });
    const rerun = await screen.findByRole('button', { name: 'Rerun' });
    const withChanges = screen.getByRole('button', {
      name: 'Rerun with changes',
    });
    await waitFor(() => expect(rerun).toBeDisabled());
    expect(withChanges).toBeDisabled();
    const reason = `retired-pipeline is no longer one of ${run.entityRef}'s pipelines`;
    await userEvent.hover(rerun.parentElement!);
    expect(await screen.findByText(reason)).toBeInTheDocument();
    await userEvent.unhover(rerun.parentElement!);
    await waitFor(() => expect(screen.queryByText(reason)).toBeNull());
    await userEvent.hover(withChanges.parentElement!);
    expect(await screen.findByText(reason)).toBeInTheDocument();
  });

  it("keeps both reruns when the entity's pipelines cannot be read: the server decides", async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun({ params: { revision: 'main' } });
    api.getEntityPipelines = async () => {
      throw new Error('catalog unavailable');
    };
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });
    const withChanges = await screen.findByRole('button', {
      name: 'Rerun with changes',
    });
    await waitFor(() => expect(withChanges).toBeEnabled());
    expect(screen.getByRole('button', { name: 'Rerun' })).toBeEnabled();
    await userEvent.click(withChanges);
    expect(
      await screen.findByRole('textbox', { name: /revision/ }),
    ).toHaveValue('main');
  });

  it("reruns a pull request's generated run with changes, its own params as the form", async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun({
      ...pullRequestRunFields(),
      params: { revision: 'feedc0d' },
    });
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });
    const withChanges = await screen.findByRole('button', {
      name: 'Rerun with changes',
    });
    expect(screen.getByRole('button', { name: 'Rerun' })).toBeEnabled();
    await waitFor(() => expect(withChanges).toBeEnabled());
    await userEvent.click(withChanges);
    const revision = await screen.findByRole('textbox', { name: /revision/ });
    expect(revision).toHaveValue('feedc0d');
    await userEvent.clear(revision);
    await userEvent.type(revision, 'c0ffee1');
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Rerun' }),
    );
    await waitFor(() =>
      expect(api.calls.find(c => c.method === 'rerun')?.args).toEqual([
        run.id,
        { revision: 'c0ffee1' },
      ]),
    );
  });

  it('says so when the run does not exist', async () => {
    await renderWithApis(page, { routeEntries: ['/runs/nope'] });
    expect((await screen.findAllByText(/No run nope/)).length).toBeGreaterThan(
      0,
    );
  });

  it('shows the pull request a run was started for, and its plan', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun(pullRequestRunFields());
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });

    const pullRequest = within(
      await screen.findByRole('region', { name: 'Pull request' }),
    );
    expect(
      pullRequest.getByRole('link', { name: /^PR #42: Search by brand/ }),
    ).toHaveAttribute('href', 'https://github.com/tekton-dag/shop/pull/42');
    expect(pullRequest.getByText(/by alice/)).toBeInTheDocument();
    expect(pullRequest.getByText('feedc0d')).toBeInTheDocument();
    expect(pullRequest.getByText('search-by-brand → main')).toBeInTheDocument();
    expect(
      pullRequest.getByText('pull_request.synchronize'),
    ).toBeInTheDocument();

    const plan = within(screen.getByRole('region', { name: 'Plan' }));
    expect(
      plan.getByText(
        'shop-web depends on shop-api: its integration tests run too.',
      ),
    ).toBeInTheDocument();
    expect(plan.getByText('Builds: shop-api')).toBeInTheDocument();
    expect(
      plan.getByText('Tests: shop-api, shop-search, shop-web'),
    ).toBeInTheDocument();
    expect(plan.getByText('Systems affected: shop')).toBeInTheDocument();
  });

  it('shows no pull request or plan for a run started in the portal', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun();
    await renderWithApis(page, { api, routeEntries: [`/runs/${run.id}`] });
    await screen.findByRole('heading', { name: run.name });
    expect(screen.queryByRole('region', { name: 'Pull request' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Plan' })).toBeNull();
    expect(screen.queryByText(/PR #/)).toBeNull();
  });
});
