// The local pull-request demo as the README shows it: a commit that changes shop-api, sent as a
// signed pull_request delivery by `yarn pr-event`; the portal plans from the catalog (shop-api
// is built; shop-web and shop-search depend on it, so their integration tests run too) and the
// generated run appears live on shop-api's Pipelines tab, with its pull request and plan.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { screenshot } from './browser.mjs';
import { APP_URL, repoRoot } from './portal.mjs';
import { signedInSession } from './session.mjs';

let session;
let page;
let branch;
let sent;

const git = (args, env = {}) =>
  execFileSync('git', args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  }).trim();

/**
 * A commit on a new branch that adds a file under examples/shop/shop-api, made without
 * touching the working tree or the current branch (a temporary index), as a developer's
 * pushed change would be.
 */
function commitShopApiChange() {
  const index = path.join(os.tmpdir(), `tekton-dag-e2e-index-${process.pid}`);
  const env = {
    GIT_INDEX_FILE: index,
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
  };
  try {
    git(['read-tree', 'HEAD'], env);
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: repoRoot,
      input: `A change to shop-api made by the browser test at ${new Date().toISOString()}\n`,
    })
      .toString()
      .trim();
    git(
      [
        'update-index',
        '--add',
        '--cacheinfo',
        `100644,${blob},examples/shop/shop-api/e2e-change.txt`,
      ],
      env,
    );
    const tree = git(['write-tree'], env);
    const commit = git(
      [
        'commit-tree',
        tree,
        '-p',
        'HEAD',
        '-m',
        'Change shop-api (browser test)',
      ],
      env,
    );
    const name = `e2e-pr-${process.pid}`;
    git(['update-ref', `refs/heads/${name}`, commit]);
    return name;
  } finally {
    fs.rmSync(index, { force: true });
  }
}

before(async () => {
  session = await signedInSession();
  ({ page } = session);
  branch = commitShopApiChange();
});

afterEach(() => session.console.assertNoConsoleProblems());

after(async () => {
  if (branch) git(['update-ref', '-d', `refs/heads/${branch}`]);
  await session?.close();
});

test('yarn pr-event sends a signed pull request for the commit', async () => {
  await page.goto(`${APP_URL}/catalog/default/component/shop-api/pipelines`);
  await page
    .getByRole('button', { name: 'Run pipeline pr-pipeline' })
    .waitFor();
  const output = execFileSync(
    'node',
    [
      path.join(repoRoot, 'scripts/pr-event.mjs'),
      '--base',
      'HEAD',
      '--head',
      branch,
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, TEKTON_DAG_PR_EVENT_JSON: '1' },
    },
  );
  sent = JSON.parse(output.trim().split('\n').at(-1));
  assert.deepEqual(sent.files, ['examples/shop/shop-api/e2e-change.txt']);
});

test("the generated run appears live on shop-api's Pipelines tab, with its pull request", async () => {
  // No reload: the run arrives by signal.
  const link = page
    .getByRole('link', { name: `PR #${sent.number} by` })
    .first();
  await link.waitFor();
  await screenshot(page, '45-pull-request-run-listed');
});

test('its run page shows the plan and the generated DAG', async () => {
  await page
    .getByRole('link', { name: /^pull-request-[a-z0-9]{5}$/ })
    .first()
    .click();
  await page.waitForURL(/\/pipelines\/runs\/[0-9a-f-]{36}/);
  await page.getByText(`PR #${sent.number}`).first().waitFor();
  await page
    .getByText(/shop-web depends on shop-api/)
    .first()
    .waitFor();
  // One build branch for the changed component, integration tests for each dependent (the
  // graph's nodes are named by the generated tasks' display names).
  for (const task of [
    'Build shop-api',
    'Unit tests of shop-api',
    'Integration tests of shop-api',
    'Integration tests of shop-search',
    'Integration tests of shop-web',
  ]) {
    await page
      .getByRole('button', { name: new RegExp(`^${task}: `) })
      .waitFor();
  }
  assert.equal(
    await page.getByRole('button', { name: /^Build shop-web: / }).count(),
    0,
    'shop-web did not change, so it is not built',
  );
  await page
    .getByRole('button', { name: /^Publish results: .*finally/ })
    .waitFor();
  await screenshot(page, '46-pull-request-run-plan-dag');
});
