/* eslint-disable no-console */
/**
 * Live-update latency across replicas: a PipelineRun's status written in the cluster, to the
 * signal a browser connected to the *other* replica receives (watch → database → outbox →
 * events backend's PostgreSQL bus → the other replica's signals WebSocket). Two portal
 * replicas (packages/backend as processes) on one PostgreSQL database; the local cluster runs
 * no steps: the benchmark writes each run's status itself, Running then Succeeded, one change
 * at a time. Prints p50/p90/p99/max for a browser on the replica that does not watch the
 * cluster, and for one on the replica that does. Target: p99 under 1 s (the community
 * plugins poll every 10 s).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/live-latency.ts [--changes 400]
 *
 * PostgreSQL: TEKTON_DAG_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432).
 */
import {
  subscribeSignals,
  waitFor,
} from '../packages/backend/src/__testUtils__/replicas';
import { ReplicaSet } from './replicas/replicaSet';

const argIndex = process.argv.indexOf('--changes');
const CHANGES = argIndex >= 0 ? Number(process.argv[argIndex + 1]) : 400;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  const set = new ReplicaSet({ executor: false });
  await set.start();
  const owner = await waitFor(
    () => set.owner(),
    o => !!o,
    'a watching replica',
  );
  const other = set.replicas.find(r => r !== owner)!;
  const browsers = {
    other: await subscribeSignals(other, set.token, ['tekton-dag:runs']),
    watching: await subscribeSignals(owner!, set.token, ['tekton-dag:runs']),
  };
  await sleep(1000);
  const { store } = set.cluster;
  const runs = store.findType('tekton.dev', 'v1', 'pipelineruns')!;
  const heard = (
    browser: keyof typeof browsers,
    runId: string,
    status: string,
  ) =>
    browsers[browser].received.find(
      s => s.message?.runId === runId && s.message?.status === status,
    )?.at;

  const latencies = { other: [] as number[], watching: [] as number[] };
  console.log(
    `Writing ${CHANGES} status changes; browsers on replica ${
      other.name
    } (not watching) and ${owner!.name} (watching)`,
  );
  for (let i = 0; i < CHANGES / 2; i++) {
    const uid = set.createRun();
    await waitFor(
      () => heard('other', uid, 'Pending'),
      at => !!at,
      'the new run',
      30_000,
    );
    const run = store
      .list(runs, { namespace: 'shop', labelSelector: [], fieldSelector: [] })
      .items.find(r => r.metadata.uid === uid)!;
    const name = run.metadata.name;
    const startTime = new Date().toISOString();
    for (const [status, condition] of [
      ['Running', { type: 'Succeeded', status: 'Unknown', reason: 'Running' }],
      ['Succeeded', { type: 'Succeeded', status: 'True', reason: 'Succeeded' }],
    ] as const) {
      const current = store.get(runs, 'shop', name);
      const written = Date.now();
      store.update(
        runs,
        'shop',
        name,
        {
          ...current,
          status: {
            startTime,
            ...(status === 'Succeeded' && {
              completionTime: new Date().toISOString(),
            }),
            conditions: [
              { ...condition, lastTransitionTime: new Date().toISOString() },
            ],
          },
        },
        'status',
      );
      for (const browser of ['other', 'watching'] as const) {
        const at = await waitFor(
          () => heard(browser, uid, status),
          value => !!value,
          `${status} on the browser of ${browser}`,
          30_000,
        );
        latencies[browser].push(at! - written);
      }
      await sleep(20);
    }
  }

  const rows: Record<string, Record<string, number>> = {};
  for (const [browser, values] of Object.entries(latencies)) {
    const sorted = [...values].sort((a, b) => a - b);
    rows[
      browser === 'other'
        ? `browser on the other replica (${other.name})`
        : `browser on the watching replica (${owner!.name})`
    ] = {
      changes: sorted.length,
      'p50 ms': percentile(sorted, 50),
      'p90 ms': percentile(sorted, 90),
      'p99 ms': percentile(sorted, 99),
      'max ms': sorted[sorted.length - 1],
    };
  }
  console.log(
    '\nStatus written in the cluster → signal received by the browser',
  );
  console.table(rows);
  Object.values(browsers).forEach(b => b.close());
  await set.stop(true);
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
