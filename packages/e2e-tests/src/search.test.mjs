// Portal-wide pipeline search: the tekton-dag collator indexes each entity's pipelines (the
// local app-config runs it 30 s after start, then every 2 minutes); Search finds pr-pipeline
// under the "Pipelines" result type, and its result leads to the entity's Pipelines tab.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { screenshot } from './browser.mjs';
import { signedInSession } from './session.mjs';
import { APP_URL } from './portal.mjs';

let session;
let page;

before(async () => {
  session = await signedInSession();
  ({ page } = session);
});

afterEach(() => session.console.assertNoConsoleProblems());

after(async () => {
  await session?.close();
});

test('Search finds pr-pipeline among the Pipelines and opens its entity tab', async () => {
  // The first index run may still be ahead on a portal that has just started: search again
  // until the pipelines are there.
  const result = page.getByRole('link', { name: 'pr-pipeline' }).first();
  for (let attempt = 0; ; attempt++) {
    await page.goto(`${APP_URL}/search?query=pr-pipeline`);
    await page
      .getByRole('button', { name: /Pipelines/ })
      .first()
      .click()
      .catch(() => {});
    if (
      await result.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    if (attempt === 20)
      throw new Error('pr-pipeline was never found by Search');
  }
  await screenshot(page, '50-search-pipelines');
  await result.click();
  await page.waitForURL(/\/catalog\/default\/component\/[a-z-]+\/pipelines/);
  await page
    .getByRole('button', { name: 'Run pipeline pr-pipeline' })
    .waitFor();
  assert.match(page.url(), /\/pipelines/);
});
