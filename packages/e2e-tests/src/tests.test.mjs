// What a new user does with test reports: run the example components' pipelines, read their
// real JUnit results in the run page's Tests tab, follow a failed task to its failing test, and
// find shop-search's flaky test (it fails on every other run) in the entity's Tests view.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { screenshot } from './browser.mjs';
import { signedInSession } from './session.mjs';
import { APP_URL, runPipelineToTheEnd } from './portal.mjs';

let session;
let page;
let token;

before(async () => {
  session = await signedInSession();
  ({ page, token } = session);
});

afterEach(() => session.console.assertNoConsoleProblems());

after(async () => {
  await session?.close();
});

test("shop-web's run page shows shop-web's own tests in its Tests tab", async () => {
  const run = await runPipelineToTheEnd(token, 'shop-web');
  assert.equal(run.status, 'Succeeded');
  await page.goto(
    `${APP_URL}/catalog/default/component/shop-web/pipelines/runs/${run.id}`,
  );
  await page.getByRole('status', { name: 'Run status: Succeeded' }).waitFor();
  await page.getByRole('tab', { name: 'Tests' }).click();
  const summary = page.getByRole('region', {
    name: 'Test summary',
    exact: true,
  });
  await summary.waitFor();
  // Unit and integration tests of examples/shop/shop-web, uploaded by publish-results.
  assert.match(await summary.textContent(), /Tests7Passed7Failed0/);
  // One task's report at a time: pick the unit tests.
  await page
    .getByRole('tablist', { name: 'Test reports by task' })
    .getByRole('tab', { name: /^unit-tests/ })
    .click();
  await page
    .getByRole('table', { name: /^Tests of / })
    .getByText('adds items and sums the subtotal')
    .waitFor();
  await screenshot(page, '30-run-tests-tab');
});

test("a failed task links to its failing test, with the assertion's message and trace", async () => {
  // The flaky test fails on every other run: of two runs in a row, one fails on it.
  const runs = [
    await runPipelineToTheEnd(token, 'shop-search'),
    await runPipelineToTheEnd(token, 'shop-search'),
  ];
  assert.deepEqual(runs.map(r => r.status).sort(), ['Failed', 'Succeeded']);
  const failed = runs.find(r => r.status === 'Failed');
  await page.goto(
    `${APP_URL}/catalog/default/component/shop-search/pipelines/runs/${failed.id}`,
  );
  // The graph badges the failed node with its failing tests, and the badge opens them.
  const badge = page.getByRole('link', {
    name: '1 failing test in unit-tests',
  });
  await badge.waitFor();
  await screenshot(page, '33-dag-failing-tests-badge');
  await badge.click();
  await page.waitForURL(/view=tests&task=unit-tests/);
  await page
    .getByRole('listitem', {
      name: 'builds the word list on the first suggestion',
    })
    .waitFor();
  await page.goBack();
  // So does the failed task's panel.
  await page.getByRole('button', { name: /^unit-tests: Failed/ }).click();
  await page.getByRole('link', { name: '1 failing test', exact: true }).click();
  await page.waitForURL(/view=tests/);
  const failure = page
    .getByRole('list', { name: 'Failing tests' })
    .getByRole('listitem', {
      name: 'builds the word list on the first suggestion',
    });
  await failure.getByText(/expected a cold suggestion cache/).waitFor();
  await failure
    .getByRole('button', {
      name: /^Show the .* of builds the word list on the first suggestion$/,
    })
    .click();
  assert.match(
    await failure.getByLabel('Stack trace', { exact: true }).textContent(),
    /suggest\.test\.js/,
  );
  // Search runs on the server, over all of the task's tests.
  await page.getByRole('textbox', { name: 'Search tests' }).fill('prefix');
  await page
    .getByRole('table', { name: 'Tests of unit-tests' })
    .getByText('suggests catalogue words by prefix')
    .waitFor();
  await screenshot(page, '31-run-tests-failure');
});

test("shop-search's Tests view shows the trend and the flaky test", async () => {
  await page.goto(`${APP_URL}/catalog/default/component/shop-search`);
  await page
    .getByRole('main')
    .getByRole('link', { name: 'Tests', exact: true })
    .click();
  await page.waitForURL(/\/shop-search\/tests$/);
  const chart = page.getByRole('group', {
    name: /^Tests per run, oldest to newest/,
  });
  await chart.waitFor();
  assert.ok((await chart.getByRole('link').count()) >= 2, 'a bar per run');
  const flaky = page.getByRole('table', { name: 'Flaky tests' });
  const row = flaky.getByRole('row', {
    name: /builds the word list on the first suggestion/,
  });
  await row.waitFor();
  await screenshot(page, '32-entity-tests-flaky');
  // A bar opens its run.
  await chart.getByRole('link').last().click();
  await page.waitForURL(/\/shop-search\/pipelines\/runs\/[0-9a-f-]{36}/);
});
