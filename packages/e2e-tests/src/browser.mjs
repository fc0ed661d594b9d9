// Debian's Chromium driven by playwright-core: no browser download, no network but localhost.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './portal.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.join(repoRoot, 'e2e-screenshots');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  // Let opening dialogs and menus finish fading in (spinners and progress bars run forever:
  // those are not waited for), so the screenshot shows the screen as a user reads it.
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter(
            animation =>
              animation.effect?.getComputedTiming().iterations !== Infinity,
          )
          .map(animation => animation.finished.catch(() => undefined)),
      ),
      new Promise(resolve => setTimeout(resolve, 2000)),
    ]),
  );
  await page.screenshot({
    path: path.join(screenshotDir, `${name}.png`),
    fullPage: true,
  });
}
