// A new user's first visit: sign in as guest, find the shop in the catalog, open shop-api's
// Pipelines tab.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { launchBrowser, screenshot } from './browser.mjs';
import { watchConsole } from './consoleProblems.mjs';
import { APP_URL, startPortal } from './portal.mjs';

let stopPortal;
/** An entity page's tab, not the sidebar's link of the same name. */
const entityTab = name =>
  page.getByRole('main').getByRole('link', { name, exact: true });
let browser;
let page;
let pageConsole;

before(async () => {
  stopPortal = await startPortal();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(60_000);
  pageConsole = watchConsole(page);
});

afterEach(() => pageConsole.assertNoConsoleProblems());

after(async () => {
  await browser?.close();
  await stopPortal?.();
});

test('guest sign-in leads to the catalog with the shop entities', async () => {
  await page.goto(APP_URL);
  await page.getByRole('button', { name: 'Enter' }).click();
  // The catalog table renders more than once while it loads: wait for each row's link
  // rather than counting at one instant.
  for (const name of ['shop-api', 'shop-web']) {
    await page.getByRole('link', { name, exact: true }).waitFor();
  }
  // The front door leads to the catalog list, at the catalog's own path.
  assert.equal(new URL(page.url()).pathname, '/catalog');
  await screenshot(page, '01-catalog');
  for (const name of ['shop-api', 'shop-web']) {
    assert.equal(
      await page.getByRole('link', { name, exact: true }).count(),
      1,
      `${name} is listed once`,
    );
  }
});

test('shop-api has a Pipelines tab with a card for pr-pipeline', async () => {
  await page.getByRole('link', { name: 'shop-api', exact: true }).click();
  // Entity tabs are links in the page header (the sidebar has a Pipelines link too).
  await entityTab('Pipelines').click();
  await page.getByRole('heading', { name: 'pr-pipeline' }).waitFor();
  await screenshot(page, '02-shop-api-pipelines');
  assert.match(
    page.url(),
    /\/catalog\/default\/component\/shop-api\/pipelines$/,
  );
  assert.equal(
    await page
      .getByRole('button', { name: 'Run pipeline pr-pipeline' })
      .count(),
    1,
  );
  assert.equal(await page.getByText(/is not configured/).count(), 0);
});

test('shop-db, a resource without pipelines, has no Pipelines tab', async () => {
  await page.goto(`${APP_URL}/catalog/default/resource/shop-db`);
  await page
    .getByText("The shop's product and order database")
    .first()
    .waitFor();
  await entityTab('Overview').waitFor();
  assert.equal(await entityTab('Pipelines').count(), 0);
});

test("/catalog and an entity's Catalog breadcrumb both lead to the catalog list", async () => {
  await page.goto(`${APP_URL}/catalog`);
  await page.getByRole('link', { name: 'shop-web', exact: true }).waitFor();
  await page.goto(`${APP_URL}/catalog/default/component/shop-api`);
  await entityTab('Overview').waitFor();
  const breadcrumb = page
    .getByRole('navigation', { name: 'breadcrumb' })
    .getByRole('link', { name: 'Catalog', exact: true });
  assert.equal(await breadcrumb.getAttribute('href'), '/catalog');
  await breadcrumb.click();
  await page.getByRole('link', { name: 'shop-web', exact: true }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/catalog');
});
