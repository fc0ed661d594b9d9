/* eslint-disable no-console */
/**
 * Query benchmark: 1,000,000 runs in PostgreSQL, then the list queries the REST API runs,
 * through the real run store. Prints p50/p95/max of an entity's first page, of portal-wide
 * filtered pages and of a later page reached by cursor.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/queries.ts [--fresh] [--runs N]
 *
 * The seeded database (tekton_dag_bench_queries) is kept between runs, because seeding takes
 * a while; --fresh rebuilds it. PostgreSQL from TEKTON_DAG_TEST_POSTGRES (default
 * postgresql://postgres@127.0.0.1:5432).
 */
import { createHash } from 'crypto';
import knexFactory, { Knex } from 'knex';
import { DatabaseRunStore } from '../plugins/tekton-dag-backend/src/database/DatabaseRunStore';
import type { RunFilter } from '../plugins/tekton-dag-backend/src/database/RunStore';

const DATABASE = 'tekton_dag_bench_queries';
const ENTITIES = 2000;
const PIPELINES = ['pr-pipeline', 'build', 'deploy', 'nightly', 'release'];
const CLUSTERS = ['prod-eu', 'prod-us', 'staging', 'dev'];
const PAGE = 20;
const SAMPLES = 200;

/** A pipeline spec of realistic size (7 tasks), stored with every run for its DAG. */
const PIPELINE_SPEC = JSON.stringify({
  params: [
    { name: 'repo-url', type: 'string' },
    { name: 'revision', type: 'string', default: 'main' },
  ],
  workspaces: [{ name: 'source' }],
  tasks: [
    'clone',
    'lint',
    'unit-test',
    'build',
    'integration-test',
    'deploy',
  ].map((name, i, all) => ({
    name,
    runAfter: i ? [all[i - 1]] : undefined,
    taskRef: { name: `${name}-task` },
    params: [
      { name: 'revision', value: '$(params.revision)' },
      { name: 'image', value: 'registry.example/app:$(params.revision)' },
    ],
    workspaces: [{ name: 'source', workspace: 'source' }],
  })),
  finally: [{ name: 'publish-results', taskRef: { name: 'publish-results' } }],
});

async function seed(knex: Knex, runs: number) {
  console.log(`seeding ${runs.toLocaleString('en')} runs ...`);
  const started = performance.now();
  const cases = (values: string[], expression: string) =>
    `(array[${values.map(v => `'${v}'`).join(',')}])[1 + (${expression}) % ${
      values.length
    }]`;
  // One INSERT ... SELECT per 100,000 rows: deterministic, skewed like real portals (a few
  // busy entities, mostly successful runs, a year of history).
  for (let from = 1; from <= runs; from += 100_000) {
    const to = Math.min(runs, from + 99_999);
    await knex.raw(
      `insert into tekton_dag_runs (uid, cluster, namespace, name, entity_ref, pipeline, status,
         reason, message, revision, trigger_kind, triggered_by, params, results, conditions,
         pipeline_spec, created_at, started_at, completed_at, pruned_at, resource_version,
         updated_at)
       select
         md5(g::text)::uuid::text,
         ${cases(CLUSTERS, 'g / 7')},
         'team-' || (e % 50),
         ${cases(PIPELINES, 'g / 3')} || '-run-' || g,
         'component:default/app-' || e,
         ${cases(PIPELINES, 'g / 3')},
         s.status,
         s.status, null,
         md5((g * 31)::text) || substr(md5(g::text), 1, 8),
         ${cases(['webhook', 'manual', 'trigger', 'rerun'], 'g / 11')},
         'user:default/dev-' || (g % 300),
         '{"revision":"main","repo-url":"https://git.example/app"}',
         '{"commit":"' || md5(g::text) || '"}',
         '[{"type":"Succeeded","status":"True","reason":"' || s.status || '"}]',
         ?,
         c.created, c.created + interval '5 seconds', c.created + interval '7 minutes',
         case when g < ${runs} * 0.9 then c.created + interval '3 days' end,
         g, now()
       from generate_series(${from}::bigint, ${to}::bigint) g
       cross join lateral (select
         -- a few busy entities: the square makes low numbers more frequent
         floor(power(((g * 7919) % 10007) / 10007.0, 2) * ${ENTITIES})::int as e) ent(e)
       cross join lateral (select timestamp '2026-11-24' - (${runs} - g) * interval '31 seconds'
         as created) c
       cross join lateral (select case
         when g % 100 < 80 then 'Succeeded' when g % 100 < 92 then 'Failed'
         when g % 100 < 96 then 'Cancelled' when g % 100 < 97 then 'TimedOut'
         when g > ${runs} - 500 then 'Running' else 'Succeeded' end as status) s`,
      [PIPELINE_SPEC],
    );
    process.stdout.write(`  ${to.toLocaleString('en')}\r`);
  }
  await knex.raw('analyze tekton_dag_runs');
  console.log(
    `seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

async function timed(
  name: string,
  store: DatabaseRunStore,
  filterOf: (i: number) => RunFilter,
  options: { pages?: number } = {},
) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < SAMPLES + 10; i++) {
    let cursor: string | undefined;
    const started = performance.now();
    for (let p = 0; p < (options.pages ?? 1); p++) {
      const page = await store.listRuns(filterOf(i), { limit: PAGE, cursor });
      cursor = page.nextCursor;
      rows += page.items.length;
    }
    // The first ten are warm-up (connection pool, plan cache).
    if (i >= 10) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(
    `${name.padEnd(58)} p50 ${at(0.5).padStart(6)} ms  p95 ${at(0.95).padStart(
      6,
    )} ms  max ${at(1).padStart(6)} ms  (${Math.round(
      rows / (SAMPLES + 10),
    )} rows/sample)`,
  );
}

async function main() {
  const args = process.argv.slice(2);
  const runsIndex = args.indexOf('--runs');
  const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 1_000_000;
  const url =
    process.env.TEKTON_DAG_TEST_POSTGRES ??
    'postgresql://postgres@127.0.0.1:5432';
  const admin = knexFactory({ client: 'pg', connection: `${url}/postgres` });
  const exists = (
    await admin.raw('select 1 from pg_database where datname = ?', [DATABASE])
  ).rows.length;
  if (exists && args.includes('--fresh'))
    await admin.raw(`drop database ${DATABASE}`);
  if (!exists || args.includes('--fresh'))
    await admin.raw(`create database ${DATABASE}`);
  await admin.destroy();

  const knex = knexFactory({
    client: 'pg',
    connection: `${url}/${DATABASE}`,
    pool: { min: 1, max: 4 },
  });
  try {
    const store = await DatabaseRunStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    } as any);
    const count = Number(
      (await knex('tekton_dag_runs').count({ n: '*' }))[0].n,
    );
    if (count !== runs) {
      await knex('tekton_dag_runs').delete();
      await seed(knex, runs);
    }
    console.log(
      `${runs.toLocaleString('en')} runs, ${ENTITIES} entities, ${
        PIPELINES.length
      } pipelines, ${
        CLUSTERS.length
      } clusters; ${SAMPLES} samples each, pages of ${PAGE}`,
    );

    const entity = (i: number) =>
      `component:default/app-${(i * 37) % ENTITIES}`;
    // Entities from the long tail too: app-1999 has few runs, spread over the year.
    await timed("an entity's first page", store, i => ({
      entityRef: entity(i),
    }));
    await timed("an entity's first page, one pipeline", store, i => ({
      entityRef: entity(i),
      pipeline: PIPELINES[i % PIPELINES.length],
    }));
    await timed("an entity's failed runs", store, i => ({
      entityRef: entity(i),
      status: ['Failed'],
    }));
    await timed('portal-wide: status=Failed', store, () => ({
      status: ['Failed'],
    }));
    await timed(
      'portal-wide: status=Failed,TimedOut cluster=prod-eu',
      store,
      () => ({
        status: ['Failed', 'TimedOut'],
        cluster: 'prod-eu',
      }),
    );
    await timed('portal-wide: pipeline=release status=TimedOut', store, () => ({
      pipeline: 'release',
      status: ['TimedOut'],
    }));
    await timed(
      'portal-wide: status=Running (rare, all recent)',
      store,
      () => ({
        status: ['Running'],
      }),
    );
    await timed('portal-wide: q=<entity name> (common)', store, i => ({
      q: `app-${(i * 37) % 100}`,
    }));
    await timed(
      'portal-wide: q=<commit prefix> (matches one run)',
      store,
      i => ({
        q: createHash('md5')
          .update(String((1 + ((i * 4999) % runs)) * 31))
          .digest('hex')
          .slice(0, 10),
      }),
    );
    await timed(
      'portal-wide: status=Failed, fifth page by cursor',
      store,
      () => ({
        status: ['Failed'],
      }),
      { pages: 5 },
    );
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
