/* eslint-disable no-console */
/**
 * Pull-request webhook benchmark: a signed GitHub `pull_request` delivery POSTed to the
 * events backend's ingress (`/api/events/http/github`) until its PipelineRun exists on the
 * local cluster, with a 2,000-entity catalog. The whole path of a real backend in one process:
 * the GitHub webhook module checks the signature, the events service hands the delivery to
 * tekton-dag, which records it, reads the catalog snapshot, lists the PR's files on a test
 * forge, plans, generates and validates a pipeline and creates the run. Target: p99 under
 * 300 ms end to end.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/pr-webhook.ts \
 *     [--deliveries 200] [--database sqlite|postgres|both]
 *
 * Each delivery is a new pull request changing one file of a random component (seeded, so
 * every run sends the same ones), sent after the previous one's run exists and its pending
 * commit status reached the forge. The first delivery reads the catalog (the snapshot is then
 * kept 30 s) and the cluster's Tasks (kept a minute): it is reported apart as "cold". The
 * local cluster runs no steps: creation is measured, not execution. Planning is also timed
 * apart, on the same catalog and change (planPullRequest + generatePipelineSpec +
 * validateGeneratedPipeline), to show its share; bench/planning.ts measures it alone.
 *
 * Each database runs in a process of its own. PostgreSQL from TEKTON_DAG_TEST_POSTGRES
 * (default postgresql://postgres@127.0.0.1:5432); its databases are dropped afterwards.
 */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import type { AddressInfo } from 'net';
import knexFactory, { Knex } from 'knex';
import { parse } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { mockServices } from '@backstage/backend-test-utils';
import eventsBackend from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { LocalCluster } from '@tekton-dag/local-cluster';
import {
  generatePipelineSpec,
  planPullRequest,
  validateGeneratedPipeline,
  type PlanEntity,
} from '@tekton-dag/plugin-tekton-dag-common';
import { onEachDatabase } from './benchDatabases';
import { ForgeTestServer } from '../plugins/tekton-dag-backend/src/forges/__testUtils__/ForgeTestServer';
import {
  installTektonContent,
  localClusterConfig,
  startTemporaryCluster,
} from '../plugins/tekton-dag-backend/src/__testUtils__/localCluster';
import { recordingSignals } from '../plugins/tekton-dag-backend/src/__testUtils__/signals';
import { startTektonDagBackend } from '../plugins/tekton-dag-backend/src/__testUtils__/testBackend';
import { pullRequestDelivery } from '../plugins/tekton-dag-backend/src/orchestrator/__testUtils__/pullRequestDelivery';
import { seededRandom } from './seededRandom';

const SYSTEMS = 20;
const COMPONENTS_PER_SYSTEM = 90;
const APIS_PER_SYSTEM = 5;
const RESOURCES_PER_SYSTEM = 3;
// With the system itself and its owning group: 20 × (2 + 90 + 5 + 3) = 2,000 entities.

const SECRET = 'bench-webhook-secret';
const OWNER = 'tekton-dag';
const REPO = 'tekton-dag';
const PR_ANNOTATION = 'tekton-dag.io/pull-request';

function argValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  const inline = args.find(a => a.startsWith(`${name}=`));
  if (inline) return inline.slice(name.length + 1);
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}
const DELIVERIES = Number(argValue('--deliveries') ?? 200);
const DATABASE = (argValue('--database') ?? 'both') as
  | 'sqlite'
  | 'postgres'
  | 'both';

const pad = (n: number) => String(n).padStart(2, '0');
const systemName = (s: number) => `system-${pad(s)}`;
const componentName = (s: number, i: number) => `svc-${pad(s)}-${pad(i)}`;
const componentFolder = (s: number, i: number) =>
  `systems/${systemName(s)}/${componentName(s, i)}`;

/**
 * The catalog as Backstage returns it: every relation on both of its entities. Components of
 * a system depend on earlier ones (lower index) and consume the APIs of earlier ones; a few
 * reach into an earlier system. Dependencies always point to a lower (system, index), so the
 * graph has no cycle (the planner refuses one, which would measure nothing).
 */
function buildCatalog(): Entity[] {
  const random = seededRandom(7);
  const pick = (below: number) => Math.floor(random() * below);
  const entities = new Map<string, Entity>();
  const add = (
    kind: string,
    name: string,
    spec: JsonObject,
    annotations?: Record<string, string>,
  ) => {
    const ref = `${kind.toLowerCase()}:default/${name}`;
    entities.set(ref, {
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name, namespace: 'default', annotations },
      spec,
      relations: [],
    });
    return ref;
  };
  const relate = (from: string, type: string, to: string, inverse: string) => {
    if (from === to) return;
    const relations = entities.get(from)!.relations!;
    if (relations.some(r => r.type === type && r.targetRef === to)) return;
    relations.push({ type, targetRef: to });
    entities.get(to)!.relations!.push({ type: inverse, targetRef: from });
  };

  const components: string[][] = [];
  const apis: string[][] = [];
  for (let s = 0; s < SYSTEMS; s++) {
    const group = add('Group', `team-${pad(s)}`, {
      type: 'team',
      children: [],
    });
    const system = add('System', systemName(s), { owner: group });
    relate(system, 'ownedBy', group, 'ownerOf');
    const inSystem = (ref: string) => {
      relate(ref, 'ownedBy', group, 'ownerOf');
      relate(ref, 'partOf', system, 'hasPart');
    };
    components.push([]);
    for (let i = 0; i < COMPONENTS_PER_SYSTEM; i++) {
      const ref = add(
        'Component',
        componentName(s, i),
        {
          type: 'service',
          owner: group,
          lifecycle: 'production',
          system: systemName(s),
        },
        {
          'tekton-dag/pipelines': 'pr-pipeline',
          'tekton-dag/namespace': 'shop',
          'tekton-dag/cluster': 'local',
          'backstage.io/source-location': `url:https://github.com/${OWNER}/${REPO}/tree/main/${componentFolder(
            s,
            i,
          )}/`,
        },
      );
      inSystem(ref);
      components[s].push(ref);
    }
    apis.push([]);
    for (let a = 0; a < APIS_PER_SYSTEM; a++) {
      const ref = add('API', `api-${pad(s)}-${a}`, {
        type: 'openapi',
        owner: group,
        lifecycle: 'production',
        system: systemName(s),
        definition: '{}',
      });
      inSystem(ref);
      // Provided by an early component, so that later ones can consume it.
      relate(components[s][a * 8], 'providesApi', ref, 'apiProvidedBy');
      apis[s].push(ref);
    }
    for (let r = 0; r < RESOURCES_PER_SYSTEM; r++) {
      const ref = add('Resource', `db-${pad(s)}-${r}`, {
        type: 'database',
        owner: group,
        system: systemName(s),
      });
      inSystem(ref);
      for (let n = 0; n < 4; n++)
        relate(
          components[s][pick(COMPONENTS_PER_SYSTEM)],
          'dependsOn',
          ref,
          'dependencyOf',
        );
    }
    for (let i = 1; i < COMPONENTS_PER_SYSTEM; i++) {
      const ref = components[s][i];
      // One or two earlier components, mostly near ones: services build on their neighbours.
      for (let n = 1 + pick(2); n > 0; n--) {
        const near = Math.max(0, i - 1 - pick(Math.min(i, 12)));
        relate(ref, 'dependsOn', components[s][near], 'dependencyOf');
      }
      for (let a = 0; a < APIS_PER_SYSTEM; a++)
        if (i > a * 8 && random() < 0.06)
          relate(ref, 'consumesApi', apis[s][a], 'apiConsumedBy');
      // A few reach an API of an earlier system.
      if (s > 0 && random() < 0.03)
        relate(
          ref,
          'consumesApi',
          apis[pick(s)][pick(APIS_PER_SYSTEM)],
          'apiConsumedBy',
        );
    }
  }
  return [...entities.values()];
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (v: number) => Number(v.toFixed(1));
  return {
    'p50 ms': ms(percentile(sorted, 50)),
    'p90 ms': ms(percentile(sorted, 90)),
    'p99 ms': ms(percentile(sorted, 99)),
    'max ms': ms(sorted[sorted.length - 1]),
  };
}

/** The events backend's own database, on the same server as tekton-dag's, as in a portal. */
async function eventsDatabase(knex: Knex) {
  if (knex.client.config.client !== 'pg') {
    const sqlite = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    return { knex: sqlite, drop: () => sqlite.destroy() };
  }
  const url =
    process.env.TEKTON_DAG_TEST_POSTGRES ??
    'postgresql://postgres@127.0.0.1:5432';
  const name = `tekton_dag_bench_events_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: `${url}/postgres` });
  await admin.raw(`create database ${name}`);
  const pg = knexFactory({ client: 'pg', connection: `${url}/${name}` });
  return {
    knex: pg,
    drop: async () => {
      await pg.destroy();
      await admin.raw(`drop database ${name}`);
      await admin.destroy();
    },
  };
}

/** The work the orchestrator does between the forge's file list and the run, timed alone. */
function planningTimer(entities: Entity[]) {
  const planEntities: PlanEntity[] = entities.map(e => ({
    ref: `${e.kind.toLowerCase()}:default/${e.metadata.name}`,
    kind: e.kind,
    relations: e.relations ?? [],
  }));
  const tasks = fs
    .readdirSync(path.join(__dirname, '../tekton/tasks'))
    .filter(file => file.endsWith('.yaml'))
    .map(file =>
      parse(
        fs.readFileSync(path.join(__dirname, '../tekton/tasks', file), 'utf8'),
      ),
    )
    .map(task => ({ name: task.metadata.name, spec: task.spec }));
  return (s: number, i: number) => {
    const started = performance.now();
    const plan = planPullRequest({
      entities: planEntities,
      changed: [`component:default/${componentName(s, i)}`],
    });
    const spec = generatePipelineSpec({
      plan,
      components: plan.test.map(ref => {
        const name = ref.slice(ref.indexOf('/') + 1);
        const [, sys, idx] = name.split('-');
        return {
          ref,
          name,
          appPath: componentFolder(Number(sys), Number(idx)),
        };
      }),
    });
    validateGeneratedPipeline(spec, tasks);
    return { ms: performance.now() - started, tested: plan.test.length };
  };
}

/** Resolves when the PipelineRun of a pull request number is created in the cluster's store. */
function runCreations(cluster: LocalCluster) {
  const waiting = new Map<number, (at: number) => void>();
  const stop = cluster.store.onChange(event => {
    if (event.type !== 'ADDED' || event.resourceType.plural !== 'pipelineruns')
      return;
    const annotation = event.object.metadata?.annotations?.[PR_ANNOTATION];
    if (!annotation) return;
    const at = performance.now();
    waiting.get(JSON.parse(annotation).number)?.(at);
  });
  const created = (number: number, timeoutMs = 30_000) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(number);
        reject(new Error(`no PipelineRun for pull request #${number}`));
      }, timeoutMs);
      waiting.set(number, at => {
        clearTimeout(timer);
        waiting.delete(number);
        resolve(at);
      });
    });
  return { created, stop };
}

/** When the forge received each request, by path: the recorder keeps no time of its own. */
function stampRequests(forge: ForgeTestServer) {
  const at = new Map<string, number>();
  const push = forge.requests.push.bind(forge.requests);
  forge.requests.push = (...requests) => {
    for (const r of requests)
      if (!at.has(r.path)) at.set(r.path, performance.now());
    return push(...requests);
  };
  return at;
}

async function waitFor(ok: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

async function measure(databaseName: string, knex: Knex) {
  const entities = buildCatalog();
  const byKind = entities.reduce<Record<string, number>>((counts, e) => {
    counts[e.kind] = (counts[e.kind] ?? 0) + 1;
    return counts;
  }, {});
  const relations =
    entities.reduce((sum, e) => sum + (e.relations?.length ?? 0), 0) / 2;
  console.log(
    `\n${databaseName}: catalog of ${
      entities.length
    } entities (${Object.entries(byKind)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')}), ${relations} relations stated from both sides`,
  );

  const cluster = await startTemporaryCluster('bench-prs-', {
    executor: { enabled: false },
  });
  const forge = await ForgeTestServer.start();
  const events = await eventsDatabase(knex);
  // The package's feature loader import()s its two modules; plain node can, unlike Jest.
  const githubEvents = (
    await import('@backstage/plugin-events-backend-module-github')
  ).default;
  let backend: Awaited<ReturnType<typeof startTektonDagBackend>> | undefined;
  const creations = runCreations(cluster);
  try {
    installTektonContent(cluster);
    const forgeStamps = stampRequests(forge);
    backend = await startTektonDagBackend({
      knex,
      otherPluginDatabase: async () => events.knex,
      tektonDag: {
        clusters: [localClusterConfig(cluster)],
        forges: [
          {
            type: 'github',
            host: 'github.com',
            apiBaseUrl: forge.githubApiBaseUrl,
            token: 'bench-forge-token',
          },
        ],
      },
      config: {
        app: { baseUrl: 'http://portal.test' },
        events: {
          useEventBus: 'never',
          modules: { github: { webhookSecret: SECRET } },
        },
      },
      features: [
        eventsServiceFactory,
        eventsBackend,
        githubEvents,
        catalogServiceMock.factory({ entities }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        recordingSignals().factory,
      ],
    });
    const ingress = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/events/http/github`;
    // Measure deliveries, not the tracker's start: wait until it watches PipelineRuns.
    await waitFor(
      () =>
        [...cluster.openWatches.keys()].some(p => p.endsWith('/pipelineruns')),
      'the PipelineRun watch',
    );

    const random = seededRandom(2024);
    const timePlanning = planningTimer(entities);
    type Sample = {
      ingress: number;
      toFiles: number;
      filesToRun: number;
      endToEnd: number;
      runToAnswer: number;
      planning: number;
      tested: number;
    };
    const samples: Sample[] = [];
    let cold: Sample | undefined;
    for (let n = 0; n <= DELIVERIES; n++) {
      const number = 1000 + n;
      const s = Math.floor(random() * SYSTEMS);
      const i = Math.floor(random() * COMPONENTS_PER_SYSTEM);
      forge.setFiles(OWNER, REPO, number, [
        `${componentFolder(s, i)}/src/index.js`,
        'README.md',
      ]);
      const headSha = randomBytes(20).toString('hex');
      const delivery = pullRequestDelivery({ secret: SECRET, number, headSha });
      const created = creations.created(number);

      const sent = performance.now();
      const response = await fetch(ingress, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
      const answered = performance.now();
      await response.arrayBuffer();
      if (response.status !== 202)
        throw new Error(`delivery #${number}: HTTP ${response.status}`);
      const createdAt = await created;
      const filesAt = forgeStamps.get(
        `/repos/${OWNER}/${REPO}/pulls/${number}/files`,
      )!;
      // The next delivery comes once this one's pending status reached the forge, so the
      // deliveries measure one at a time.
      const statusPath = `/repos/${OWNER}/${REPO}/statuses/${headSha}`;
      await waitFor(() => forgeStamps.has(statusPath), 'the pending status');

      const planning = timePlanning(s, i);
      const sample = {
        ingress: answered - sent,
        toFiles: filesAt - sent,
        filesToRun: createdAt - filesAt,
        endToEnd: createdAt - sent,
        runToAnswer: answered - createdAt,
        planning: planning.ms,
        tested: planning.tested,
      };
      if (n === 0) cold = sample;
      else samples.push(sample);
    }

    const column = (key: keyof Sample) => samples.map(x => x[key]);
    const rows: Record<string, Record<string, number>> = {};
    const row = (label: string, key: keyof Sample) => {
      rows[label] = {
        'cold (1st) ms': Number(cold![key].toFixed(1)),
        ...summary(column(key)),
      };
    };
    row('webhook POST → HTTP 202 (ingress alone)', 'ingress');
    row('webhook POST → PipelineRun created (end to end)', 'endToEnd');
    row('  POST → forge asked for the PR files', 'toFiles');
    row('  PR files asked → PipelineRun created', 'filesToRun');
    row('  planning share, timed apart', 'planning');
    // The ingress awaits the in-process subscribers, so its answer follows the run.
    row('PipelineRun created → HTTP 202', 'runToAnswer');
    const tested = column('tested').sort((a, b) => a - b);
    console.log(
      `${databaseName}: ${
        samples.length
      } deliveries after the cold one, one at a time; components tested per run: p50 ${percentile(
        tested,
        50,
      )}, max ${tested[tested.length - 1]} (target: end to end p99 < 300 ms)`,
    );
    console.table(rows);
  } finally {
    creations.stop();
    await backend?.stop();
    await events.drop();
    await forge.close();
    await cluster.stop();
  }
}

if (DATABASE === 'both') {
  // Each database in a process of its own, so that the first does not warm the second's JIT.
  for (const database of ['sqlite', 'postgres']) {
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        __filename,
        `--database=${database}`,
        `--deliveries=${DELIVERIES}`,
      ],
      { stdio: 'inherit' },
    );
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
} else {
  onEachDatabase(measure, { only: DATABASE }).then(
    // Backstage's test backend leaves timers behind: end once the figures are out.
    () => process.exit(0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
