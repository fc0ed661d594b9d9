// Failure notifications: a failed run of shop-search (its flaky test fails on every other run)
// notifies shop-team, whose member the local guest is; the Notifications page shows it with the
// failing task and test, and links to the run.
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

test("the Notifications page shows a failed run of shop-search's flaky test", async () => {
  // The latest run must be the failed one: a success after it would turn the notification
  // into its "fixed" update (one notification per entity and pipeline).
  let run;
  for (let i = 0; i < 3; i++) {
    run = await runPipelineToTheEnd(token, 'shop-search');
    if (run.status === 'Failed') break;
  }
  assert.equal(run.status, 'Failed');
  // It is sent a moment after the run ends (once its task runs and reports are stored).
  const title = page.getByText('shop-search: pr-pipeline failed').first();
  for (let attempt = 0; ; attempt++) {
    await page.goto(`${APP_URL}/notifications`);
    if (
      await title.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    if (attempt === 12) throw new Error('no notification of the failed run');
  }
  await page
    .getByText(/First failing test: unit-tests/)
    .first()
    .waitFor();
  await screenshot(page, '55-notifications');
});
