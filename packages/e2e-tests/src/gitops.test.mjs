// What a new user sees of GitOps: shop-api's Argo CD Application Synced and Healthy at the
// revision its latest successful run built (before it was deployed), with that run's tests; drift made with kubectl in
// the local cluster turns it OutOfSync live, and Sync brings it back; the platform entity shows
// the install in its sync waves.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { screenshot } from './browser.mjs';
import { signedInSession } from './session.mjs';
import {
  APP_URL,
  repoRoot,
  runPipelineToTheEnd,
  tektonDagApi,
} from './portal.mjs';

let session;
let page;
let token;

const kubectl = (...args) =>
  execFileSync(
    'kubectl',
    ['--kubeconfig', path.join(repoRoot, '.local-cluster/kubeconfig'), ...args],
    { encoding: 'utf8' },
  );

before(async () => {
  session = await signedInSession();
  ({ page, token } = session);
});

afterEach(() => session.console.assertNoConsoleProblems());

after(async () => {
  await session?.close();
});

test("shop-api's GitOps tab: Synced and Healthy, built by its latest successful run", async () => {
  // A run of the checkout's revision, which Argo CD (the local cluster's syncer) deployed.
  const run = await runPipelineToTheEnd(token, 'shop-api');
  assert.equal(run.status, 'Succeeded');
  // A deployment is credited to a run that finished before it: deploy again, after the run
  // (the local cluster deployed the checkout when it started, before any run).
  await syncedAtHead();
  const deployed = JSON.parse(
    kubectl('get', 'application', 'shop-api', '-n', 'argocd', '-o', 'json'),
  ).status.sync.revision;
  assert.equal(run.revision, deployed);

  await page.goto(`${APP_URL}/catalog/default/component/shop-api`);
  await page
    .getByRole('main')
    .getByRole('link', { name: 'GitOps', exact: true })
    .click();
  const app = page.getByRole('region', { name: 'Application shop-api' });
  await app.getByRole('img', { name: 'Sync status: Synced' }).waitFor();
  await app.getByRole('img', { name: 'Health: Healthy' }).waitFor();
  await app
    .getByText(
      new RegExp(
        `built by run ${run.name} \\(Succeeded\\), \\d+/\\d+ tests passed`,
      ),
    )
    .first()
    .waitFor();
  await screenshot(page, '40-gitops-shop-api');
});

/**
 * Syncs shop-api to the checkout's revision and waits for that deployment. In a cluster that last synced an
 * older commit, Argo CD's automated sync would otherwise heal the drift at once (a new
 * revision is synced automatically), and OutOfSync would never show.
 */
async function syncedAtHead() {
  // Argo CD's times are whole seconds: a deployment from this sync is at most 1 s earlier.
  const requestedAt = Date.now() - 1000;
  await tektonDagApi(
    token,
    '/entities/component/default/shop-api/gitops/applications/shop-api/sync',
    { method: 'POST' },
  ).catch(error => {
    // 409: a sync is already running, which ends at the checkout too.
    if (!error.message.endsWith(': 409')) throw error;
  });
  for (let i = 0; i < 60; i++) {
    const { status } = JSON.parse(
      kubectl('get', 'application', 'shop-api', '-n', 'argocd', '-o', 'json'),
    );
    const operation = status?.operationState;
    const deployedAt = (status?.history ?? []).at(-1)?.deployedAt;
    if (
      operation?.phase === 'Succeeded' &&
      operation.syncResult?.revision === status.sync?.revision &&
      status.sync?.status === 'Synced' &&
      // This sync's deployment, not an earlier one's.
      deployedAt &&
      Date.parse(deployedAt) >= requestedAt
    )
      return;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error('shop-api did not sync to the checkout');
}

test('drift in the cluster shows OutOfSync live, and Sync heals it', async () => {
  const app = page.getByRole('region', { name: 'Application shop-api' });
  await syncedAtHead();
  await app.getByRole('img', { name: 'Sync status: Synced' }).waitFor();
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  kubectl(
    'patch',
    'deployment',
    'shop-api',
    '-n',
    'shop',
    '--type',
    'merge',
    '-p',
    '{"spec":{"replicas":5}}',
  );
  await app.getByRole('img', { name: 'Sync status: OutOfSync' }).waitFor();
  await app
    .getByText('1 resource out of sync')
    .or(page.getByText('1 resource out of sync'))
    .first()
    .waitFor();
  await screenshot(page, '41-gitops-drift');
  assert.equal(loads, 0, 'the page was not reloaded');

  await app.getByRole('button', { name: 'Sync shop-api' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sync shop-api?' });
  await dialog.getByRole('button', { name: 'Sync', exact: true }).click();
  await app.getByRole('img', { name: 'Sync status: Synced' }).waitFor();
  assert.equal(
    JSON.parse(
      kubectl('get', 'deployment', 'shop-api', '-n', 'shop', '-o', 'json'),
    ).spec.replicas,
    2,
  );
});

test('the platform entity shows the install in its sync waves', async () => {
  await page.goto(
    `${APP_URL}/catalog/default/component/tekton-dag-platform/gitops`,
  );
  // Seven Applications: a summary row each, the details on demand.
  const summary = page.getByRole('table', { name: 'Applications' });
  await summary.waitFor();
  await screenshot(page, '42-gitops-platform-summary');
  assert.ok(
    (await page.evaluate(() => document.body.scrollHeight)) < 2000,
    'the summary fits on a page or two',
  );
  await summary
    .getByRole('button', { name: 'Show details of tekton-dag-platform' })
    .click();
  const platform = page.getByRole('region', {
    name: 'Application tekton-dag-platform',
  });
  await platform.getByRole('img', { name: 'Sync status: Synced' }).waitFor();
  for (const wave of ['-1', '0', '1', '2', '3', '4'])
    await platform.getByRole('group', { name: `Sync wave ${wave}` }).waitFor();
  await screenshot(page, '43-gitops-platform-details');
});
