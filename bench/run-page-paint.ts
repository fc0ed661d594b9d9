/* eslint-disable no-console */
/**
 * Time to first meaningful paint of a run page opened by URL, on the production build: the
 * frontend built by `backstage-cli package build` (packages/app/dist) and served by the
 * backend's app-backend at the backend's own origin, as a deployed portal serves it.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/run-page-paint.ts \
 *     [--loads 20] [--build] [--route entity|portal|both] [--keep] [--app-dir DIR]
 *
 * What it does:
 *   1. builds the app (`backstage-cli package build` in packages/app, with app-config.yaml and
 *      an override naming the bench's origin) when packages/app/dist is missing or `--build`.
 *      `--app-dir DIR` serves another build instead (DIR holds a package.json and the dist/ of
 *      a build made as here; app-backend's app.packageName), to compare builds;
 *   2. starts, each in a process group of its own and with all state in a temporary folder,
 *      the local cluster (packages/local-cluster, executor on, Argo CD bootstrap, a free port)
 *      and the backend (packages/backend/src/index.ts through the nodeTransform, NODE_ENV=
 *      production) on 127.0.0.1 at the first free port from 7207, with SQLite in the temporary
 *      folder, guest sign-in and the example catalog (catalog-info.yaml);
 *   3. starts pr-pipeline on shop-api through the REST API (a guest's token) and waits until the
 *      run has finished;
 *   4. in headless Chromium (playwright-core, the e2e tests' flags, 1400×1000), enters as guest
 *      once, then opens the run page by URL `--loads` times per route, each time in a fresh
 *      page: "warm" in the signed-in browser context (HTTP and code caches warm, after one
 *      unmeasured load), "cold" in a new context holding only the signed-in context's cookies
 *      and local storage (empty caches). Routes: `entity` is the entity's Pipelines tab's run
 *      route, /catalog/default/component/shop-api/pipelines/runs/:id (where the Run button and
 *      the runs table lead), `portal` the portal-wide /tekton-dag/runs/:id;
 *   5. stops everything it started (SIGTERM to each process group, SIGKILL after 10 s), also on
 *      failure or Ctrl-C, and removes the temporary folder (kept, with the logs, after a
 *      failure or with `--keep`).
 *
 * Meaningful paint, as measured: the time from navigation start (performance.timeOrigin of
 * the run page's document, so it includes the HTML request) until the first frame rendered
 * after BOTH the run's DAG shows its first task node — an element `[data-testid^="dag-node-"]`
 * carrying its `data-status` — AND the run's status — `[role="status"][aria-label^="Run
 * status: "]` — are in the document with a non-empty box. An init script's MutationObserver
 * notes the moment both hold (performance.now()), then the frame after it:
 * requestAnimationFrame, then a task posted from it (which runs after that frame's paint).
 * Also recorded per load: first contentful paint (the portal's shell), the HTML's and last
 * script's arrival, and every /api/ request (Resource Timing), from which the median loads'
 * waterfalls are printed.
 *
 * JS per load: the Resource Timing transferSize (headers + gzip body; 0 from the cache) of every
 * script the load used, and their decoded size.
 *
 * Target (issue 16): under 1.5 s. The development server's figure was 2.2–3.8 s. Timings
 * depend on the machine: the figures are for this one, with whatever else is running on it.
 */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import type { Browser, BrowserContext } from 'playwright-core';

const REPO_ROOT = path.resolve(__dirname, '..');
const APP_DIR = path.join(REPO_ROOT, 'packages', 'app');
const BACKEND_DIR = path.join(REPO_ROOT, 'packages', 'backend');
const CLUSTER_CLI = path.join(REPO_ROOT, 'packages/local-cluster/src/cli.ts');
const NODE_TRANSFORM = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);
const ENTITY_PATH = '/catalog/default/component/shop-api/pipelines';

const argValue = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const LOADS = Number(argValue('loads') ?? 20);
const BUILD = process.argv.includes('--build');
const KEEP = process.argv.includes('--keep');
const ROUTE = argValue('route') ?? 'both';
const APP_DIR_SERVED =
  argValue('app-dir') && path.resolve(argValue('app-dir')!);
if (!Number.isInteger(LOADS) || LOADS < 1)
  throw new Error('--loads must be a positive integer');
if (!['entity', 'portal', 'both'].includes(ROUTE))
  throw new Error('--route must be entity, portal or both');

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

// ---------------------------------------------------------------------------------------------
// Processes: each in a group of its own, so that stopping one stops its children too.

interface Started {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<void>;
}
const started: Started[] = [];

function start(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; log: string; env?: NodeJS.ProcessEnv },
): Started {
  const log = fs.openSync(options.log, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const entry = { name, child, log: options.log, exited };
  started.push(entry);
  return entry;
}

const running = (p: Started) =>
  p.child.exitCode === null && p.child.signalCode === null;

function signalGroup(p: Started, signal: NodeJS.Signals) {
  try {
    process.kill(-p.child.pid!, signal);
  } catch {
    // the group is gone already
  }
}

async function stopAll() {
  await Promise.all(
    started.splice(0).map(async p => {
      if (!running(p)) return;
      signalGroup(p, 'SIGTERM');
      const stopped = await Promise.race([
        p.exited.then(() => true),
        sleep(10_000).then(() => false),
      ]);
      if (!stopped) {
        signalGroup(p, 'SIGKILL');
        await p.exited;
      }
    }),
  );
}

/** Runs a command to its end (in a group of its own), failing on a non-zero exit code. */
async function run(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; log: string },
) {
  const p = start(name, command, args, options);
  await p.exited;
  started.splice(started.indexOf(p), 1);
  if (p.child.exitCode !== 0)
    throw new Error(
      `${name} failed (${p.child.exitCode ?? p.child.signalCode}):\n${tail(
        p.log,
      )}`,
    );
}

function tail(file: string, chars = 4000) {
  try {
    return fs.readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '';
  }
}

async function waitFor<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs: number,
  watched?: Started,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (watched && !running(watched))
      throw new Error(
        `${watched.name} exited before ${what}:\n${tail(watched.log)}`,
      );
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs / 1000} s waiting for ${what}`,
      );
    await sleep(500);
  }
}

/** The first port from `from` that nothing listens on (3000 and 7007 are never used). */
async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 100; port++) {
    if (port === 3000 || port === 7007) continue;
    const free = await new Promise<boolean>(resolve => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port from ${from}`);
}

// ---------------------------------------------------------------------------------------------
// The portal: build, local cluster, backend, a finished run.

async function buildApp(dir: string, configFile: string) {
  const distIndex = path.join(APP_DIR, 'dist', 'index.html.tmpl');
  if (!BUILD && fs.existsSync(distIndex)) {
    console.log(
      `Using the existing production build in packages/app/dist (built ${fs
        .statSync(distIndex)
        .mtime.toISOString()}; --build to build again)`,
    );
    return;
  }
  console.log('Building the app for production (packages/app/dist) ...');
  const began = Date.now();
  await run(
    'app build',
    process.execPath,
    [
      require.resolve('@backstage/cli/bin/backstage-cli'),
      'package',
      'build',
      '--config',
      path.join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    { cwd: APP_DIR, log: path.join(dir, 'build.log') },
  );
  console.log(`Built in ${((Date.now() - began) / 1000).toFixed(0)} s`);
}

async function startCluster(dir: string) {
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  const cluster = start(
    'local cluster',
    process.execPath,
    [
      '--require',
      NODE_TRANSFORM,
      CLUSTER_CLI,
      'start',
      '--port',
      '0',
      '--state-dir',
      path.join(dir, 'cluster'),
      '--kubeconfig',
      kubeconfigPath,
    ],
    { cwd: REPO_ROOT, log: path.join(dir, 'cluster.log') },
  );
  await waitFor(
    'the local cluster',
    async () => (fs.existsSync(kubeconfigPath) ? true : undefined),
    60_000,
    cluster,
  );
  return kubeconfigPath;
}

async function startBackend(
  dir: string,
  port: number,
  baseConfig: object,
  kubeconfigPath: string,
) {
  const url = `http://127.0.0.1:${port}`;
  const configFile = path.join(dir, 'backend.yaml');
  // JSON is YAML.
  const config = {
    ...baseConfig,
    ...(APP_DIR_SERVED && {
      app: { ...(baseConfig as any).app, packageName: APP_DIR_SERVED },
    }),
    backend: {
      baseUrl: url,
      listen: { host: '127.0.0.1', port },
      cors: { origin: url },
      database: {
        client: 'better-sqlite3',
        connection: { directory: path.join(dir, 'sqlite') },
      },
    },
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    tektonDag: {
      scaffolder: {
        localRepositories: { directory: path.join(dir, 'git') },
      },
      reports: { portalUrl: url },
      clusters: [{ name: 'local', type: 'local', kubeconfigPath }],
    },
  };
  fs.mkdirSync(path.join(dir, 'sqlite'));
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const backend = start(
    'backend',
    process.execPath,
    [
      '--require',
      NODE_TRANSFORM,
      'src/index.ts',
      '--config',
      path.join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: BACKEND_DIR,
      log: path.join(dir, 'backend.log'),
      env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    },
  );
  // Up once every plugin has started (the health check answers 503 until then).
  await waitFor(
    'the backend',
    async () =>
      (
        await fetch(`${url}/.backstage/health/v1/readiness`)
      ).ok
        ? true
        : undefined,
    180_000,
    backend,
  );
  const html = await (await fetch(`${url}/`)).text();
  if (!html.includes('backstage.io/config'))
    throw new Error(
      `The backend does not serve the built app at ${url}/:\n${html.slice(
        0,
        500,
      )}`,
    );
  return { url, backend };
}

async function guestToken(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/guest/refresh`, {
    method: 'POST',
  });
  if (!response.ok) throw new Error(`guest sign-in: ${response.status}`);
  return ((await response.json()) as any).backstageIdentity.token;
}

async function finishedRun(url: string, token: string, backend: Started) {
  const api = (urlPath: string, init: RequestInit = {}) =>
    fetch(`${url}/api/tekton-dag${urlPath}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
    });
  // The catalog reads catalog-info.yaml and Argo CD installs shop's Pipelines after start-up.
  const created = await waitFor(
    "shop-api's pr-pipeline to start",
    async () => {
      const response = await api('/entities/component/default/shop-api/runs', {
        method: 'POST',
        body: JSON.stringify({ pipeline: 'pr-pipeline' }),
      });
      return response.ok ? ((await response.json()) as any) : undefined;
    },
    240_000,
    backend,
  );
  console.log(`Started ${created.name ?? created.id}; waiting for its end ...`);
  return waitFor(
    `run ${created.id} to finish`,
    async () => {
      const current: any = await (await api(`/runs/${created.id}`)).json();
      return ['Pending', 'Running'].includes(current.status)
        ? undefined
        : current;
    },
    600_000,
    backend,
  );
}

// ---------------------------------------------------------------------------------------------
// The browser.

/** In every document: notes when the DAG's first task and the run's status show, and more. */
const PAINT_PROBE = () => {
  performance.setResourceTimingBufferSize(2000);
  const probe: {
    shown?: number;
    painted?: number;
    status?: string;
    fcp?: number;
  } = {};
  (window as any).__runPagePaint = probe;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries())
      if (entry.name === 'first-contentful-paint') probe.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  const hasBox = (element: Element | null) => {
    if (!element) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const observer = new MutationObserver(() => {
    const node = document.querySelector(
      '[data-testid^="dag-node-"][data-status]',
    );
    const status = document.querySelector(
      '[role="status"][aria-label^="Run status: "]',
    );
    if (!hasBox(node) || !hasBox(status)) return;
    observer.disconnect();
    probe.shown = performance.now();
    probe.status = `${status!.getAttribute(
      'aria-label',
    )}; first task ${node!.getAttribute('data-status')}`;
    requestAnimationFrame(() =>
      setTimeout(() => {
        probe.painted = performance.now();
      }, 0),
    );
  });
  observer.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
  });
};

interface Request {
  path: string;
  start: number;
  end: number;
  transfer: number;
}

interface Load {
  paint: number;
  shown: number;
  fcp: number;
  status: string;
  html: number;
  lastInitialScript: number;
  scripts: number;
  jsTransfer: number;
  jsDecoded: number;
  largestScripts: Array<{ file: string; transfer: number; decoded: number }>;
  requests: Request[];
}

async function measure(context: BrowserContext, url: string): Promise<Load> {
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', error => pageErrors.push(String(error)));
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await page
      .waitForFunction(
        () => (window as any).__runPagePaint?.painted !== undefined,
        undefined,
        { timeout: 60_000, polling: 100 },
      )
      .catch(async error => {
        const shown = await page.evaluate(() => ({
          at: location.href,
          dagNodes: document.querySelectorAll('[data-testid^="dag-node-"]')
            .length,
          status: document
            .querySelector('[role="status"][aria-label^="Run status: "]')
            ?.getAttribute('aria-label'),
          headings: Array.from(document.querySelectorAll('h1, h2'))
            .map(h => h.textContent)
            .join(' | '),
          progressBars: document.querySelectorAll('[role="progressbar"]')
            .length,
        }));
        throw new Error(
          `The run page ${url} did not show the DAG and the run status: ${error}\n` +
            `On the page: ${JSON.stringify(shown)}\nIts errors: ${
              pageErrors.join('\n').slice(0, 2000) || 'none'
            }`,
        );
      });
    return await page.evaluate(() => {
      const probe = (window as any).__runPagePaint;
      const nav = performance.getEntriesByType(
        'navigation',
      )[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType(
        'resource',
      ) as PerformanceResourceTiming[];
      const scripts = resources.filter(r => /\.js(\?|$)/.test(r.name));
      const initialScripts = Array.from(
        document.querySelectorAll('script[src]'),
      ).map(s => (s as HTMLScriptElement).src);
      return {
        paint: probe.painted,
        shown: probe.shown,
        fcp: probe.fcp ?? NaN,
        status: probe.status,
        html: nav.responseEnd,
        lastInitialScript: Math.max(
          0,
          ...scripts
            .filter(r => initialScripts.includes(r.name))
            .map(r => r.responseEnd),
        ),
        scripts: scripts.length,
        jsTransfer: scripts.reduce((sum, r) => sum + r.transferSize, 0),
        jsDecoded: scripts.reduce((sum, r) => sum + r.decodedBodySize, 0),
        largestScripts: [...scripts]
          .sort((a, b) => b.decodedBodySize - a.decodedBodySize)
          .slice(0, 8)
          .map(r => ({
            file: new URL(r.name).pathname.replace(/^\/static\//, ''),
            transfer: r.transferSize,
            decoded: r.decodedBodySize,
          })),
        requests: resources
          .filter(r => new URL(r.name).pathname.startsWith('/api/'))
          .map(r => ({
            path: new URL(r.name).pathname,
            start: r.startTime,
            end: r.responseEnd,
            transfer: r.transferSize,
          })),
      };
    });
  } finally {
    await page.close();
  }
}

const kb = (bytes: number) => Math.round(bytes / 1024);
const ms = (value: number) => Math.round(value);

function summary(loads: Load[]) {
  const sorted = (pick: (l: Load) => number) =>
    loads.map(pick).sort((a, b) => a - b);
  const p50 = (pick: (l: Load) => number) => percentile(sorted(pick), 50);
  const paint = sorted(l => l.paint);
  return {
    loads: loads.length,
    'p50 ms': ms(percentile(paint, 50)),
    'p90 ms': ms(percentile(paint, 90)),
    'max ms': ms(paint[paint.length - 1]),
    'FCP p50': ms(p50(l => l.fcp)),
    'HTML p50': ms(p50(l => l.html)),
    'scripts p50': ms(p50(l => l.lastInitialScript)),
    'JS KB sent': kb(p50(l => l.jsTransfer)),
    'JS KB decoded': kb(p50(l => l.jsDecoded)),
  };
}

/** The load with the median paint, as a waterfall of its milestones and API requests. */
function waterfall(title: string, loads: Load[]) {
  const load = [...loads].sort((a, b) => a.paint - b.paint)[
    Math.floor((loads.length - 1) / 2)
  ];
  const rows: Array<Record<string, string | number>> = [
    { what: 'HTML received', 'start ms': 0, 'end ms': ms(load.html) },
    {
      what: 'initial scripts received',
      'start ms': '',
      'end ms': ms(load.lastInitialScript),
    },
    { what: 'first contentful paint', 'start ms': '', 'end ms': ms(load.fcp) },
    ...load.requests
      .sort((a, b) => a.start - b.start)
      .map(r => ({
        what: r.path.length > 70 ? `${r.path.slice(0, 67)}...` : r.path,
        'start ms': ms(r.start),
        'end ms': ms(r.end),
      })),
    {
      what: 'DAG + status in the DOM',
      'start ms': '',
      'end ms': ms(load.shown),
    },
    { what: 'DAG + status painted', 'start ms': '', 'end ms': ms(load.paint) },
  ];
  console.log(`\n${title}: the median load (${load.status})`);
  console.table(rows);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tekton-dag-paint-'));
  let browser: Browser | undefined;
  let failed = true;
  const cleanUp = async () => {
    await browser?.close().catch(() => undefined);
    await stopAll();
    if (KEEP || failed) console.log(`Logs and state kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      console.error(`\n${signal}: stopping what the benchmark started ...`);
      void cleanUp().finally(() => process.exit(130));
    });
  // Last resort (an exception escaping everything): no process group outlives the benchmark.
  process.once('exit', () =>
    started.forEach(p => running(p) && signalGroup(p, 'SIGKILL')),
  );

  try {
    const port = await freePort(7207);
    const url = `http://127.0.0.1:${port}`;
    const origin = { app: { baseUrl: url }, backend: { baseUrl: url } };
    const buildConfig = path.join(dir, 'build.yaml');
    fs.writeFileSync(buildConfig, JSON.stringify(origin, null, 2));
    if (APP_DIR_SERVED)
      console.log(`Serving the build in ${APP_DIR_SERVED}/dist`);
    else await buildApp(dir, buildConfig);

    console.log(`Starting the local cluster and the backend on ${url} ...`);
    const kubeconfigPath = await startCluster(dir);
    const { backend } = await startBackend(
      dir,
      port,
      { app: origin.app },
      kubeconfigPath,
    );
    const token = await guestToken(url);
    const finished = await finishedRun(url, token, backend);
    console.log(`Run ${finished.name} ${finished.status} (${finished.id})`);

    const routes: Record<string, string> = {};
    if (ROUTE !== 'portal')
      routes.entity = `${url}${ENTITY_PATH}/runs/${finished.id}`;
    if (ROUTE !== 'entity')
      routes.portal = `${url}/tekton-dag/runs/${finished.id}`;

    // The browser tests' Chromium, with their flags.
    const { launchBrowser } = await import(
      '../packages/e2e-tests/src/browser.mjs'
    );
    browser = (await launchBrowser()) as Browser;
    const viewport = { width: 1400, height: 1000 };
    const warm = await browser.newContext({ viewport });
    await warm.addInitScript(PAINT_PROBE);
    const signIn = await warm.newPage();
    const pageErrors: string[] = [];
    signIn.on('pageerror', error => pageErrors.push(String(error)));
    signIn.on('console', message => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    try {
      await signIn.goto(url);
      await signIn.getByRole('button', { name: 'Enter' }).click();
      await signIn.getByRole('link', { name: 'shop-api' }).waitFor({
        timeout: 60_000,
      });
    } catch (error) {
      throw new Error(
        `Signing in as guest failed: ${error}\nThe page's errors:\n${pageErrors
          .join('\n')
          .slice(0, 4000)}`,
      );
    }
    await signIn.close();
    const storageState = await warm.storageState();
    // One unmeasured load per route warms the caches with the run page's chunks.
    for (const routeUrl of Object.values(routes)) await measure(warm, routeUrl);

    const results: Record<string, Load[]> = {};
    const record = (key: string, load: Load) =>
      (results[key] ??= []).push(load);
    console.log(
      `Opening the run page ${LOADS} times per route, warm and cold: ${Object.values(
        routes,
      ).join(', ')}`,
    );
    const loadBefore = os.loadavg()[0];
    for (let i = 0; i < LOADS; i++) {
      for (const [route, routeUrl] of Object.entries(routes)) {
        record(`${route}, warm`, await measure(warm, routeUrl));
        const cold = await browser.newContext({ viewport, storageState });
        await cold.addInitScript(PAINT_PROBE);
        try {
          record(`${route}, cold`, await measure(cold, routeUrl));
        } finally {
          await cold.close();
        }
      }
      process.stdout.write('.');
    }
    console.log();
    console.log(
      `Machine: ${os.cpus().length} CPUs, load average ${loadBefore.toFixed(
        1,
      )} before the loads and ${os
        .loadavg()[0]
        .toFixed(
          1,
        )} after (other processes share the CPUs with the browser and backend)`,
    );

    console.log(
      '\nNavigation start → first frame painted with the DAG (first task node) and the run status' +
        ' (target under 1.5 s); FCP, HTML and initial scripts received at their p50; JS at the p50 load',
    );
    console.table(
      Object.fromEntries(
        Object.entries(results).map(([key, loads]) => [key, summary(loads)]),
      ),
    );
    const cold = Object.entries(results).find(([key]) =>
      key.endsWith('cold'),
    )![1];
    console.log('\nLargest scripts of a cold load (KB sent / decoded):');
    console.table(
      Object.fromEntries(
        cold[0].largestScripts.map(s => [
          s.file,
          { sent: kb(s.transfer), decoded: kb(s.decoded) },
        ]),
      ),
    );
    for (const [key, loads] of Object.entries(results)) waterfall(key, loads);
    failed = false;
  } finally {
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
