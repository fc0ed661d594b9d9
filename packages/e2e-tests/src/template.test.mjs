// What a new user does with the template "Node.js service with a Tekton pipeline": Create →
// the template → three fields → Create; the task publishes the service to the local portal's
// git repositories, registers it, installs its pipeline and Application on the local cluster
// and starts its first run, which clones, builds and tests the new repository and succeeds.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { screenshot } from './browser.mjs';
import { signedInSession } from './session.mjs';
import { APP_URL, BACKEND_URL, repoRoot, tektonDagApi } from './portal.mjs';

let session;
let page;
// A name no earlier test run has taken (the local portal keeps its repositories and catalog).
const name = `hello-${Date.now().toString(36)}`;
const DESCRIPTION = 'Says hello: from the "browser test" #1';

/** An entity as the catalog API serves it, e.g. `component/default/shop-api`. */
async function catalogEntity(token, kindNamespaceName) {
  const response = await fetch(
    `${BACKEND_URL}/api/catalog/entities/by-name/${kindNamespaceName}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  assert.equal(response.status, 200, `${kindNamespaceName} in the catalog`);
  return response.json();
}

before(async () => {
  session = await signedInSession();
  ({ page } = session);
});

afterEach(() => session.console.assertNoConsoleProblems());

after(async () => {
  await session?.close();
});

test('Create → the template → three fields → the task finishes every step', async () => {
  await page.getByRole('link', { name: 'Create' }).first().click();
  const card = page
    .getByRole('article')
    .filter({ hasText: 'Node.js service with a Tekton pipeline' });
  await card.getByRole('button', { name: 'Choose' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  // YAML and JSON both have to keep it as it is: a colon, quotes, a hash.
  await page.getByRole('textbox', { name: 'Description' }).fill(DESCRIPTION);
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('shop');
  await page.getByRole('option', { name: 'shop-team' }).click();
  await screenshot(page, '60-template-form');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The output links appear when the last step has finished.
  await page
    .getByRole('link', { name: 'Watch the first run' })
    .waitFor({ timeout: 180_000 });
  await screenshot(page, '61-template-task-done');
  assert.equal(
    await page.getByText('Run completed with status: failed').count(),
    0,
  );
});

test("the first run, of the new repository's pipeline, succeeds", async () => {
  await page.getByRole('link', { name: 'Watch the first run' }).click();
  await page.waitForURL(
    new RegExp(
      `/catalog/default/component/${name}/pipelines/runs/[0-9a-f-]{36}`,
    ),
  );
  await page
    .getByRole('heading', { name: new RegExp(`^${name}-ci-[a-z0-9]{5}$`) })
    .waitFor();
  for (const task of ['clone', 'build', 'unit-tests']) {
    await page
      .getByRole('button', { name: new RegExp(`^${task}: Succeeded`) })
      .waitFor({ timeout: 180_000 });
  }
  await page.getByRole('status', { name: 'Run status: Succeeded' }).waitFor();
  await screenshot(page, '62-template-first-run');
  const entity = await catalogEntity(
    session.token,
    `component/default/${name}`,
  );
  assert.equal(entity.metadata.description, DESCRIPTION);

  // It built the new repository: the clone's commit is the one the template pushed, and the
  // unit tests of the template's skeleton ran (and were reported).
  const runId = page.url().split('/runs/')[1].split(/[?#]/)[0];
  const run = await tektonDagApi(session.token, `/runs/${runId}`);
  assert.equal(run.entityRef, `component:default/${name}`);
  const pushed = execFileSync('git', [
    '--git-dir',
    path.join(repoRoot, '.data/git', `${name}.git`),
    'rev-parse',
    'main',
  ])
    .toString()
    .trim();
  assert.equal(run.revision, pushed);
  const { items } = await tektonDagApi(session.token, `/runs/${runId}/reports`);
  const unit = items.find(r => r.pipelineTask === 'unit-tests');
  assert.ok(unit, `a unit-tests report among ${JSON.stringify(items)}`);
  assert.deepEqual(
    { tests: unit.totals.tests, passed: unit.totals.passed },
    { tests: 2, passed: 2 },
  );
});

test("the new entity's GitOps tab: its Application, synced from the new repository", async () => {
  await page.goto(`${APP_URL}/catalog/default/component/${name}`);
  await page
    .getByRole('main')
    .getByRole('link', { name: 'GitOps', exact: true })
    .click();
  const app = page.getByRole('region', { name: `Application ${name}` });
  await app.getByRole('img', { name: 'Sync status: Synced' }).waitFor();
  await app.getByRole('img', { name: 'Health: Healthy' }).waitFor();
  await screenshot(page, '63-template-gitops');
});
