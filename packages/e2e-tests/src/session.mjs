// One signed-in browser session on a started portal, for the test files that begin where a
// guest has already entered (catalog.test.mjs tests the sign-in itself).
import { launchBrowser } from './browser.mjs';
import { watchConsole } from './consoleProblems.mjs';
import { APP_URL, guestToken, startPortal } from './portal.mjs';

/**
 * Starts the portal (or uses the one running), opens Chromium, enters as guest and waits for
 * the catalog. `token` is a guest token for the REST API; `console` records the page's errors
 * (each file checks it after every test); `close` ends browser and portal.
 */
export async function signedInSession() {
  const stopPortal = await startPortal();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    page.setDefaultTimeout(90_000);
    const console = watchConsole(page);
    await page.goto(APP_URL);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('link', { name: 'shop-api' }).waitFor();
    const token = await guestToken();
    return {
      page,
      token,
      console,
      close: async () => {
        await browser.close();
        await stopPortal();
      },
    };
  } catch (error) {
    await browser.close();
    await stopPortal();
    throw error;
  }
}
