/* eslint-disable no-console */
/**
 * Ingestion benchmark: synthetic PipelineRun watch events through the tracker's mapping and
 * batcher into the run store, on SQLite and (when reachable) PostgreSQL. Prints events/s at full
 * speed, and the lag p99 (event received -> row committed) at a steady 1,000 events/s.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/ingestion.ts
 *
 * PostgreSQL: TEKTON_DAG_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432).
 */
import type { Knex } from 'knex';
import { onEachDatabase } from './benchDatabases';
import { DatabaseRunStore } from '../plugins/tekton-dag-backend/src/database/DatabaseRunStore';
import type { RunRecord } from '../plugins/tekton-dag-backend/src/database/RunStore';
import { Batcher } from '../plugins/tekton-dag-backend/src/tracking/Batcher';
import { toRunRecord } from '../plugins/tekton-dag-backend/src/tracking/toRecords';

const logger = {
  warn: console.warn,
  info() {},
  debug() {},
  error: console.error,
  child: () => logger,
} as any;

function pipelineRun(i: number, version: number) {
  const created = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  return {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: {
      name: `pr-pipeline-${i}`,
      namespace: `team-${i % 50}`,
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(version),
      creationTimestamp: created,
      labels: { 'tekton-dag.io/trigger': 'webhook' },
      annotations: {
        'tekton-dag.io/entity-ref': `component:default/app-${i % 1000}`,
      },
    },
    spec: {
      pipelineRef: { name: 'pr-pipeline' },
      params: [{ name: 'revision', value: 'main' }],
    },
    status: {
      startTime: created,
      conditions: [
        {
          type: 'Succeeded',
          status: version % 2 ? 'Unknown' : 'True',
          reason: version % 2 ? 'Running' : 'Succeeded',
        },
      ],
      results: [
        { name: 'commit', value: 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef' },
      ],
    },
  };
}

async function measure(name: string, knex: Knex) {
  const store = await DatabaseRunStore.create({
    database: {
      getClient: async () => knex,
      migrations: { skip: false },
    } as any,
  });
  const enqueued = new Map<string, number>();
  const lags: number[] = [];
  const batcher = new Batcher<RunRecord>({
    logger,
    keyOf: r => r.id,
    newer: (a, b) => (b.resourceVersion >= a.resourceVersion ? b : a),
    intervalMs: 50,
    write: async items => {
      await store.upsertRuns(items);
      const done = performance.now();
      for (const item of items) {
        const at = enqueued.get(`${item.id}/${item.resourceVersion}`);
        if (at !== undefined) lags.push(done - at);
      }
    },
  });

  // 1. Full speed: distinct runs, so no event is merged away before the database.
  const total = 20_000;
  const started = performance.now();
  for (let i = 0; i < total; i++)
    batcher.add(toRunRecord(pipelineRun(i, 1), 'bench', undefined));
  await batcher.flush();
  while (batcher.pending) await batcher.flush();
  const seconds = (performance.now() - started) / 1000;
  const rows = Number((await knex('tekton_dag_runs').count({ n: '*' }))[0].n);
  console.log(
    `${name}: ${Math.round(
      total / seconds,
    )} events/s (${total} events, ${rows} rows, ${seconds.toFixed(2)} s)`,
  );

  // 2. A steady 1,000 events/s for 5 s: updates to the same runs, as a busy cluster sends them.
  lags.length = 0;
  const rate = 1000;
  const duration = 5;
  const begin = performance.now();
  let sent = 0;
  while (sent < rate * duration) {
    const due = Math.floor(((performance.now() - begin) / 1000) * rate);
    for (; sent < Math.min(due, rate * duration); sent++) {
      const version = 2 + Math.floor(sent / 1000);
      const record = toRunRecord(
        pipelineRun(sent % 1000, version),
        'bench',
        undefined,
      );
      enqueued.set(`${record.id}/${record.resourceVersion}`, performance.now());
      batcher.add(record);
    }
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  await batcher.stop();
  lags.sort((a, b) => a - b);
  const p = (q: number) =>
    lags[Math.min(lags.length - 1, Math.floor(q * lags.length))].toFixed(1);
  console.log(
    `${name}: lag at ${rate} events/s over ${duration} s: p50 ${p(
      0.5,
    )} ms, p99 ${p(0.99)} ms (${
      lags.length
    } rows written for ${sent} events; newer events for the same run replace queued ones)`,
  );
}

onEachDatabase(measure).catch(error => {
  console.error(error);
  process.exit(1);
});
