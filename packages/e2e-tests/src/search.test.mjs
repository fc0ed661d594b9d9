// Portal-wide pipeline search: the tekton-dag collator indexes each entity's pipelines (the
// local app-config runs it 15 s after start, then every minute); Search finds pr-pipeline
// under the "Pipelines" result type, and its result leads to the entity's Pipelines tab.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { screenshot } from './browser.mjs';
import { signedInSession } from './session.mjs';
import { APP_URL, BACKEND_URL } from './portal.mjs';

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
  // On a portal that has just started, the in-memory index is built a few seconds later
  // (until then Backstage's search answers 500, "Missing index"): wait for both types, so
  // the page below is used as a user who comes a minute later meets it.
  await indexed('software-catalog', 'shop-api');
  await indexed('tekton-dag', 'pr-pipeline');
  await page.goto(`${APP_URL}/search?query=pr-pipeline`);
  await page
    .getByRole('button', { name: /Pipelines/ })
    .first()
    .click();
  const result = page.getByRole('link', { name: 'pr-pipeline' }).first();
  await result.waitFor();
  await screenshot(page, '50-search-pipelines');
  await result.click();
  await page.waitForURL(/\/catalog\/default\/component\/[a-z-]+\/pipelines/);
  await page
    .getByRole('button', { name: 'Run pipeline pr-pipeline' })
    .waitFor();
  assert.match(page.url(), /\/pipelines/);
});

/** Waits until the search index of `type` finds `term`. */
async function indexed(type, term) {
  // Up to 4 minutes: a collation claimed by an earlier portal stopped mid-run is released
  // after its 1-minute timeout, and the next one runs a minute later.
  for (let attempt = 0; attempt < 120; attempt++) {
    const response = await fetch(
      `${BACKEND_URL}/api/search/query?term=${term}&types%5B0%5D=${type}`,
      { headers: { Authorization: `Bearer ${session.token}` } },
    );
    if (response.ok && (await response.json()).results.length > 0) return;
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  throw new Error(`The ${type} search index never found ${term}`);
}
