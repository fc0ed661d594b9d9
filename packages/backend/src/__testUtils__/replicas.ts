/* eslint-disable no-restricted-imports */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory from 'knex';
import WebSocket from 'ws';
import { stringify } from 'yaml';
import {
  createScriptPipeline,
  type LocalCluster,
} from '@tekton-dag/local-cluster';

const BACKEND_DIR = path.resolve(__dirname, '..', '..');
const REPO_ROOT = path.resolve(BACKEND_DIR, '..', '..');

/**
 * The PostgreSQL server the replicas share: TEKTON_DAG_TEST_POSTGRES, as for the other
 * database tests (undefined when not set: the replica tests need PostgreSQL).
 */
export function replicaPostgres(): string | undefined {
  return (
    process.env.TEKTON_DAG_TEST_POSTGRES ??
    Object.entries(process.env).find(([k]) =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k),
    )?.[1]
  );
}

/** The entity the replica tests and benchmarks run pipelines of. */
export const SHOP_API_REF = 'component:default/shop-api';

/**
 * Gives a local cluster what the replica tests and benchmarks run: shop-api's quick-pipeline
 * (one task, one step running `script`), and writes the catalog file naming shop-api, for
 * the replicas' catalog. Returns the catalog file.
 */
export function prepareShopApi(
  cluster: Pick<LocalCluster, 'store'>,
  dir: string,
  script: string,
): string {
  createScriptPipeline(cluster, {
    namespace: 'shop',
    name: 'quick-pipeline',
    task: 'say',
    step: 'say',
    script,
  });
  const catalogFile = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(
    catalogFile,
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'shop-api',
        annotations: {
          'tekton-dag/pipelines': 'quick-pipeline',
          'tekton-dag/namespace': 'shop',
        },
      },
      spec: { type: 'service', owner: 'guests', lifecycle: 'experimental' },
    }),
  );
  return catalogFile;
}

/** Waits until a replica's catalog has shop-api (it reads the catalog file on a schedule). */
export function waitForShopApi(replica: Replica, token: string) {
  return waitFor(
    () =>
      tektonDagApi(
        replica,
        token,
        '/entities/component/default/shop-api/pipelines',
      ),
    r => r.status === 200,
    'the catalog to have shop-api',
  );
}

export interface Replica {
  name: string;
  url: string;
  logFile: string;
  process: ChildProcess;
  /** Ends the process: SIGKILL (a crash: nothing is released) or SIGTERM (a rollout). */
  kill(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

export interface ReplicaOptions {
  name: string;
  port: number;
  /** Databases of this set of replicas are named with this prefix. */
  databasePrefix: string;
  postgres: string;
  kubeconfigPath: string;
  /** A catalog file the replicas read (file location). */
  catalogFile: string;
  /** Where the replica's log goes. */
  logDir: string;
  /** More configuration, merged over the replica's. */
  config?: Record<string, unknown>;
}

/**
 * Starts the portal backend (packages/backend, as production runs it: events bus, signals,
 * catalog, auth, tekton-dag) as a process of its own, on PostgreSQL, with the guest provider
 * for test users. Resolves once it answers its health check.
 */
export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const url = `http://127.0.0.1:${options.port}`;
  const configFile = path.join(options.logDir, `${options.name}.yaml`);
  const config = {
    app: { baseUrl: url },
    backend: {
      baseUrl: url,
      listen: { host: '127.0.0.1', port: options.port },
      database: {
        client: 'pg',
        connection: options.postgres,
        prefix: options.databasePrefix,
      },
    },
    catalog: {
      locations: [{ type: 'file', target: options.catalogFile }],
    },
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    tektonDag: {
      clusters: [
        {
          name: 'local',
          type: 'local',
          kubeconfigPath: options.kubeconfigPath,
        },
      ],
    },
    ...options.config,
  };
  fs.writeFileSync(configFile, stringify(config));
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: BACKEND_DIR,
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info' },
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const replica: Replica = {
    name: options.name,
    url,
    logFile,
    process: child,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null)
        child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `Replica ${options.name} exited (${child.exitCode}); its log: ${logFile}`,
      );
    try {
      const response = await fetch(`${url}/api/tekton-dag/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await replica.kill('SIGKILL');
      throw new Error(
        `Replica ${options.name} did not start; its log: ${logFile}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  return replica;
}

/** A client of one database of the server. */
function connect(postgres: string, database: string) {
  const connection = new URL(postgres);
  connection.pathname = `/${encodeURIComponent(database)}`;
  return knexFactory({
    client: 'pg',
    connection: connection.toString(),
    pool: { min: 0, max: 1 },
  });
}

/** Drops the databases of a set of replicas. */
export async function dropReplicaDatabases(postgres: string, prefix: string) {
  const db = connect(postgres, 'postgres');
  try {
    const { rows } = await db.raw(
      'select datname from pg_database where datname like ?',
      [`${prefix}%`],
    );
    for (const { datname } of rows)
      await db.raw(`drop database if exists "${datname}" with (force)`);
  } finally {
    await db.destroy();
  }
}

/** A query on one plugin's database of a set of replicas. */
export async function queryPluginDatabase<T = any>(
  postgres: string,
  database: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const db = connect(postgres, database);
  try {
    return (await db.raw(sql, values as any[])).rows;
  } finally {
    await db.destroy();
  }
}

/** A guest's Backstage token from a replica, as the browser gets it. */
export async function guestToken(replica: Replica): Promise<string> {
  const response = await fetch(`${replica.url}/api/auth/guest/refresh`, {
    method: 'POST',
  });
  if (!response.ok) throw new Error(`guest sign-in: ${response.status}`);
  return (await response.json()).backstageIdentity.token;
}

/** The tekton-dag API of a replica, as a signed-in browser calls it. */
export async function tektonDagApi<T = any>(
  replica: Replica,
  token: string,
  urlPath: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${replica.url}/api/tekton-dag${urlPath}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export interface SignalSubscriber {
  received: Array<{ channel: string; message: any; at: number }>;
  close(): void;
}

/**
 * A browser's signals connection to a replica: the WebSocket the signals plugin serves, with
 * the user's token as its protocol, subscribed to some channels.
 */
export async function subscribeSignals(
  replica: Replica,
  token: string,
  channels: string[],
): Promise<SignalSubscriber> {
  const received: SignalSubscriber['received'] = [];
  // The signals plugin starts handling WebSocket upgrades once a first upgrade request has
  // reached it (as the browser's client, connect again if that one is refused).
  let socket: WebSocket | undefined;
  for (let attempt = 1; !socket; attempt++) {
    const candidate = new WebSocket(
      `${replica.url.replace('http', 'ws')}/api/signals`,
      token,
    );
    const opened = await new Promise<boolean>(resolve => {
      const timer = setTimeout(() => resolve(false), 3000);
      candidate.once('open', () => {
        clearTimeout(timer);
        resolve(true);
      });
      candidate.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (opened) socket = candidate;
    else {
      candidate.terminate();
      if (attempt === 5)
        throw new Error(`No signals connection to replica ${replica.name}`);
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }
  socket.on('message', data => {
    const parsed = JSON.parse(data.toString());
    received.push({ ...parsed, at: Date.now() });
  });
  for (const channel of channels)
    socket.send(JSON.stringify({ action: 'subscribe', channel }));
  const open = socket;
  return { received, close: () => open.close() };
}

/** A temporary folder for a set of replicas' configuration and logs. */
export function replicaWorkDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Polls until `ok` holds. */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(
          value,
        )?.slice(0, 500)}`,
      );
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}
