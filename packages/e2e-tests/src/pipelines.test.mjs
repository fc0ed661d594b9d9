// What a new user does with pipelines: start pr-pipeline on shop-api, watch it run live in the
// DAG and the timeline, read the unit tests' log, find the run on the portal-wide page, and
// cancel a second run. No page reloads while watching: updates arrive by signals.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { screenshot } from './browser.mjs';
import { signedInSession } from './session.mjs';
import { APP_URL, tektonDagApi } from './portal.mjs';

let session;
let page;
let runUrl;
let runName;

before(async () => {
  session = await signedInSession();
  ({ page } = session);
});

afterEach(() => session.console.assertNoConsoleProblems());

after(async () => {
  await session?.close();
});

/** Navigations the page made by itself (a reload would count). */
let loads = 0;

test('Run pipeline starts pr-pipeline and opens its run page', async () => {
  await page.goto(`${APP_URL}/catalog/default/component/shop-api/pipelines`);
  await page.getByRole('button', { name: 'Run pipeline pr-pipeline' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Run pr-pipeline' }).waitFor();
  // The form comes from the Pipeline's params, with their defaults.
  assert.equal(
    await dialog.getByRole('textbox', { name: 'app-path' }).inputValue(),
    'examples/shop/shop-api',
  );
  await screenshot(page, '10-run-dialog');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForURL(/\/pipelines\/runs\/[0-9a-f-]{36}/);
  runUrl = page.url();
  runName = await page
    .getByRole('heading', { name: /^pr-pipeline-[a-z0-9]{5}$/ })
    .textContent();
  assert.match(runName, /^pr-pipeline-/);
  page.on('load', () => {
    loads += 1;
  });
});

test('the DAG turns green live, without reloading', async () => {
  await page.getByRole('button', { name: /^clone: / }).waitFor();
  // Tasks run in DAG order; each node's name carries its status.
  for (const task of ['clone', 'build', 'unit-tests', 'integration-tests']) {
    await page
      .getByRole('button', { name: new RegExp(`^${task}: Succeeded`) })
      .waitFor();
  }
  await page
    .getByRole('button', { name: /^publish-results: Succeeded.*finally/ })
    .waitFor();
  await page.getByRole('status', { name: 'Run status: Succeeded' }).waitFor();
  await screenshot(page, '11-run-dag-succeeded');
  assert.equal(loads, 0, 'the page was not reloaded');
});

test("publish-results uploaded the run's JUnit reports to the portal", async () => {
  const runId = runUrl.split('/runs/')[1].split(/[?#]/)[0];
  // tektonDagApi fails on any status but 2xx.
  const { items } = await tektonDagApi(session.token, `/runs/${runId}/reports`);
  const unit = items.find(r => r.pipelineTask === 'unit-tests');
  assert.ok(unit, `a unit-tests report among ${JSON.stringify(items)}`);
  assert.equal(unit.totals.tests, 5);
  assert.equal(unit.totals.passed, 5);
});

test("the unit tests' log shows the test output", async () => {
  await page.getByRole('button', { name: /^unit-tests: Succeeded/ }).click();
  // The step's log, from the archive once the task is done: node --test's own output.
  await page.getByRole('heading', { name: 'Logs' }).waitFor();
  // On a very wide screen the panel opens beside the graph, which fits again into its
  // narrower column: every task stays in view, side to side and top to bottom.
  const graph = page.getByRole('group', { name: 'Pipeline tasks' });
  await page.setViewportSize({ width: 1920, height: 1000 });
  try {
    const sideBySide = async () => {
      const graphBox = await graph.boundingBox();
      const panelBox = await page
        .getByRole('heading', { name: 'unit-tests', exact: true })
        .boundingBox();
      return panelBox.x > graphBox.x + graphBox.width;
    };
    assert.ok(await sideBySide(), 'the task panel is beside the graph');
    await page.waitForFunction(() => {
      const svg = document.querySelector('svg[aria-label="Pipeline tasks"]');
      if (!svg) return false;
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('[role="button"]')].every(node => {
        const r = node.getBoundingClientRect();
        return (
          r.left >= box.left - 1 &&
          r.right <= box.right + 1 &&
          r.top >= box.top - 1 &&
          r.bottom <= box.bottom + 1
        );
      });
    });
    assert.ok((await graph.getByRole('button').count()) >= 4);
    await screenshot(page, '18-unit-tests-wide-screen');
  } finally {
    await page.setViewportSize({ width: 1400, height: 1000 });
  }
  await page
    .getByText(/ℹ pass \d+/)
    .first()
    .waitFor();
  await page
    .getByText(/junit-summary: \{"tests":/)
    .first()
    .waitFor();
  await screenshot(page, '12-unit-tests-log');
  assert.match(page.url(), /task=unit-tests/);
});

test('the timeline shows every task', async () => {
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await page
    .getByRole('button', { name: /unit-tests/ })
    .first()
    .waitFor();
  await screenshot(page, '13-timeline');
  await page.getByRole('tab', { name: 'Details' }).click();
  // Highlighted YAML is split into tokens: its text is what counts.
  await page.waitForFunction(() =>
    document.body.textContent.includes('kind: PipelineRun'),
  );
  await screenshot(page, '14-run-details');
});

test('the run is on the portal-wide pipelines page', async () => {
  await page.goto(`${APP_URL}/tekton-dag`);
  await page.getByRole('link', { name: runName }).waitFor();
  await screenshot(page, '17-portal-wide');
  await page.getByRole('link', { name: runName }).click();
  await page.getByRole('heading', { name: runName }).waitFor();
});

test('a second run can be cancelled mid-way', async () => {
  await page.goto(runUrl);
  await page.getByRole('button', { name: 'Rerun with changes' }).click();
  await page.getByRole('dialog').getByText('Rerun pr-pipeline').waitFor();
  await screenshot(page, '15-rerun-with-changes');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Rerun', exact: true }).click();
  await page.waitForURL(url => url.toString() !== runUrl);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Cancel run' })
    .click();
  await page.getByRole('status', { name: 'Run status: Cancelled' }).waitFor();
  await screenshot(page, '16-cancelled');
  assert.equal(
    await page.getByRole('button', { name: 'Cancel', exact: true }).count(),
    0,
    'a cancelled run cannot be cancelled again',
  );
});
