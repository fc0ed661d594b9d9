/* eslint-disable no-console */
/**
 * Fault benchmark: runs on the local cluster, tracked by two portal replicas (packages/backend
 * as processes) on one PostgreSQL database, while faults are injected one after the other:
 *
 *   - the API server restarts (every watch and request cut, 3 s without an answer);
 *   - its watch history expires, so resuming watches get 410 Gone and list again;
 *   - PostgreSQL becomes unreachable for 20 s (a proxy between the replicas and it cuts every
 *     connection and refuses new ones);
 *   - the replica watching the cluster is killed (SIGKILL) and started again 10 s later.
 *
 * Runs are created throughout (most as Tekton Triggers would, straight on the cluster; every
 * fourth through a replica's API). A signals subscriber (the WebSocket a browser opens) on
 * each replica records every status change the portal announces. At the end it prints runs
 * created, terminal states in the cluster and in the portal database, runs lost, duplicate
 * announcements, announcements per status change, and the recovery time after each fault.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/faults.ts [--runs 1000] [--rate 8]
 *
 * PostgreSQL: TEKTON_DAG_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432).
 */
import {
  queryPluginDatabase,
  subscribeSignals,
  SignalSubscriber,
  tektonDagApi,
  waitFor,
} from '../packages/backend/src/__testUtils__/replicas';
import { ENTITY_REF, ReplicaSet } from './replicas/replicaSet';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const RUNS = arg('runs', 1000);
const RATE = arg('rate', 8);
const TERMINAL = ['Succeeded', 'Failed', 'Cancelled', 'TimedOut'];
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function clusterStatus(run: any): string | undefined {
  const condition = (run.status?.conditions ?? []).find(
    (c: any) => c.type === 'Succeeded',
  );
  if (!condition || condition.status === 'Unknown') return undefined;
  if (condition.status === 'True') return 'Succeeded';
  if (/Cancel/.test(condition.reason ?? '')) return 'Cancelled';
  if (/Timeout/.test(condition.reason ?? '')) return 'TimedOut';
  return 'Failed';
}

async function main() {
  const set = new ReplicaSet({ executor: true });
  await set.start();
  const runsType = set.cluster.store.findType(
    'tekton.dev',
    'v1',
    'pipelineruns',
  )!;
  const clusterRuns = () =>
    set.cluster.store.list(runsType, {
      namespace: 'shop',
      labelSelector: [],
      fieldSelector: [],
    }).items;

  // A browser on each replica, listening to every run's status changes; one that loses its
  // replica connects again when the replica is back (as the frontend's signals client does).
  const subscribers = new Map<string, SignalSubscriber>();
  const announcements = new Map<
    string,
    Array<{ channel: string; message: any }>
  >();
  const connect = async (name: string) => {
    const replica = set.replicas.find(r => r.name === name)!;
    const subscriber = await subscribeSignals(replica, set.token, [
      'tekton-dag:runs',
    ]);
    subscribers.set(name, subscriber);
    announcements.set(name, subscriber.received as any);
  };
  await Promise.all(set.replicas.map(r => connect(r.name)));

  const created: string[] = [];
  const killed = new Set<string>();
  let creating = true;
  const creator = (async () => {
    let apiFailures = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = Date.now();
      if (i % 4 === 3) {
        // Through the API of a replica that is up (the load balancer's choice).
        const up = set.replicas.filter(
          r => r.process.exitCode === null && r.process.signalCode === null,
        );
        const replica = up[i % up.length];
        try {
          const response = await tektonDagApi(
            replica,
            set.token,
            '/entities/component/default/shop-api/runs',
            { method: 'POST', body: { pipeline: 'quick-pipeline' } },
          );
          if (response.status === 201) created.push(response.body.id);
          else {
            apiFailures += 1;
            created.push(set.createRun());
          }
        } catch {
          apiFailures += 1;
          created.push(set.createRun());
        }
      } else created.push(set.createRun());
      await sleep(Math.max(0, 1000 / RATE - (Date.now() - started)));
    }
    creating = false;
    return apiFailures;
  })();

  /** Recovery: a run created once the fault is over, until the portal has it finished. */
  const recovery = async (
    what: string,
    faultEnded: number,
    probe = set.createRun(),
  ) => {
    await waitFor(
      async () =>
        (
          await set.query('select status from tekton_dag_runs where uid = ?', [
            probe,
          ])
        )[0]?.status,
      status => TERMINAL.includes(status),
      `the probe run after ${what}`,
      180_000,
    );
    const seconds = (Date.now() - faultEnded) / 1000;
    console.log(
      `  ${what}: recovered ${seconds.toFixed(1)} s after the fault ended`,
    );
    return { what, seconds, probe };
  };
  const recoveries: Array<{ what: string; seconds: number; probe: string }> =
    [];
  const at = async (seconds: number) => {
    while (Date.now() - loadStart < seconds * 1000) await sleep(100);
  };
  const loadStart = Date.now();

  console.log(
    `Creating ${RUNS} runs at ${RATE}/s with two replicas; faults follow.`,
  );
  await at(10);
  console.log('Fault: the API server restarts (down 3 s)');
  await set.cluster.restartApiServer(3000);
  recoveries.push(await recovery('API server restart', Date.now()));

  await at(30);
  console.log('Fault: the watch history expires (410 Gone on resume)');
  set.cluster.expireWatches();
  recoveries.push(await recovery('410 Gone', Date.now()));

  await at(45);
  console.log('Fault: PostgreSQL unreachable for 20 s');
  set.proxy.cut();
  await sleep(20_000);
  set.proxy.restore();
  recoveries.push(await recovery('PostgreSQL outage', Date.now()));

  await at(85);
  const owner = await waitFor(
    () => set.owner(),
    o => !!o,
    'a watching replica',
  );
  console.log(
    `Fault: replica ${owner!.name} (watching) killed, started again 10 s later`,
  );
  const killedAt = Date.now();
  killed.add(owner!.name);
  subscribers.get(owner!.name)?.close();
  await owner!.kill('SIGKILL');
  // Created at once: recorded only once the other replica has taken the watch over.
  const killProbe = set.createRun();
  const killRecovery = recovery('replica killed', killedAt, killProbe);
  const handover = waitFor(
    async () => (await set.owner())?.name,
    name => !!name && name !== owner!.name,
    'the other replica to take over',
    60_000,
  ).then(() => (Date.now() - killedAt) / 1000);
  await sleep(10_000);
  await set.startReplica(owner!.name);
  await connect(owner!.name);
  const handoverSeconds = await handover;
  console.log(
    `  the other replica took the watch over after ${handoverSeconds.toFixed(
      1,
    )} s`,
  );
  recoveries.push(await killRecovery);

  const apiFailures = await creator;
  console.log('All runs created; waiting for them to finish and be recorded');
  const expected = [...created, ...recoveries.map(r => r.probe)];
  // Every run ends in the cluster, then in the database.
  await waitFor(
    () => clusterRuns().filter(r => clusterStatus(r)).length,
    n => n >= expected.length,
    'every run to end on the cluster',
    600_000,
  );
  const clusterTerminal = new Map<string, string>(
    clusterRuns()
      .filter(r => clusterStatus(r))
      .map(r => [r.metadata.uid, clusterStatus(r)!]),
  );
  const portal = await waitFor(
    async () =>
      new Map<string, string>(
        (
          await set.query<{ uid: string; status: string }>(
            'select uid, status from tekton_dag_runs',
          )
        ).map(row => [row.uid, row.status]),
      ),
    rows =>
      [...clusterTerminal].every(([uid, status]) => rows.get(uid) === status),
    'the portal to record every end',
    120_000,
  ).catch(
    async () =>
      new Map<string, string>(
        (
          await set.query<{ uid: string; status: string }>(
            'select uid, status from tekton_dag_runs',
          )
        ).map(row => [row.uid, row.status]),
      ),
  );
  const lost = [...clusterTerminal].filter(
    ([uid, status]) => portal.get(uid) !== status,
  );
  const names = await set.query<{ n: string }>(
    'select count(*) - count(distinct (cluster, namespace, name)) as n from tekton_dag_runs',
  );

  // Announcements: per run, the status changes the browser heard, as a chain from "new".
  await sleep(5000); // signals still on their way through the event bus
  const neverKilled = set.replicas.find(r => !killed.has(r.name))!.name;
  const heard = announcements.get(neverKilled)!;
  const byRun = new Map<string, string[]>();
  for (const { message } of heard) {
    if (message?.type !== 'run') continue;
    const change = `${message.previousStatus ?? 'new'}>${message.status}`;
    byRun.set(message.runId, [...(byRun.get(message.runId) ?? []), change]);
  }
  let changes = 0;
  let duplicates = 0;
  let broken = 0;
  const duplicated: string[] = [];
  const brokenRuns: Array<{ uid: string; heard: string[]; status?: string }> =
    [];
  for (const uid of clusterTerminal.keys()) {
    const heardChanges = byRun.get(uid) ?? [];
    const unique = new Set(heardChanges);
    duplicates += heardChanges.length - unique.size;
    if (heardChanges.length > unique.size) duplicated.push(uid);
    changes += unique.size;
    // A complete chain: from "new", each change starting where the last ended, to the end.
    const ordered = [...unique];
    let state = 'new';
    const chain: string[] = [];
    const pending = new Set(ordered);
    while (pending.size) {
      const next = [...pending].find(c => c.startsWith(`${state}>`));
      if (!next) break;
      pending.delete(next);
      chain.push(next);
      state = next.split('>')[1];
    }
    if (pending.size || state !== clusterTerminal.get(uid)) {
      broken += 1;
      brokenRuns.push({
        uid,
        heard: heardChanges,
        status: clusterTerminal.get(uid),
      });
    }
  }

  console.log('\nResults');
  console.table({
    'runs created': { value: expected.length },
    'terminal states in the cluster': { value: clusterTerminal.size },
    'terminal states in the portal database': {
      value: [...clusterTerminal.keys()].filter(uid =>
        TERMINAL.includes(portal.get(uid) ?? ''),
      ).length,
    },
    'lost (must be 0)': { value: lost.length },
    'duplicate run rows': { value: Number(names[0].n) },
    [`status changes announced to a browser on replica ${neverKilled}`]: {
      value: changes,
    },
    'duplicate announcements (must be 0)': { value: duplicates },
    'runs whose announced changes miss one (must be 0)': { value: broken },
    'announcements per status change (must be 1)': {
      value: changes
        ? Number(((changes + duplicates) / changes).toFixed(3))
        : 0,
    },
    'API run starts that failed (a replica down), created on the cluster instead':
      {
        value: apiFailures,
      },
  });
  console.log(
    'Recovery after each fault (a run created after the fault, until the portal has it finished)',
  );
  console.table(
    Object.fromEntries([
      ...recoveries.map(r => [r.what, { seconds: r.seconds }]),
      [
        'handover after the kill (lease taken by the other replica)',
        { seconds: handoverSeconds },
      ],
    ]),
  );
  if (lost.length) console.log('Lost:', lost.slice(0, 10));
  if (brokenRuns.length)
    console.log(
      'Runs whose announcements miss a change:',
      brokenRuns.slice(0, 10),
    );
  if (duplicated.length)
    console.log('Runs with a change announced twice:', duplicated.slice(0, 10));
  // What the outbox and the event bus have of those runs, to tell where a change went.
  const suspects = [...brokenRuns.map(r => r.uid), ...duplicated].slice(0, 10);
  if (suspects.length) {
    console.log('Their outbox rows:');
    console.table(
      await set.query(
        'select id, run_uid, previous_status, status, recorded_at, publishing_since, published_at from tekton_dag_run_transitions where run_uid = any(?) order by id',
        [suspects],
      ),
    );
    const events = await queryPluginDatabase(
      set.postgres,
      `${set.prefix}events`,
      "select id, created_at, notified_subscribers, data_json::json->'payload'->'message' as message from event_bus_events where data_json like any(?) order by id",
      [suspects.map(uid => `%${uid}%`)],
    );
    console.log('Their events on the event bus:');
    console.log(JSON.stringify(events, null, 1));
    console.log(
      'What the browser on the replica never killed heard of them:',
      JSON.stringify(
        heard.filter(h => suspects.includes(h.message?.runId)),
        null,
        1,
      ),
    );
  }
  const ok = lost.length === 0 && duplicates === 0 && broken === 0;
  void creating;
  await set.stop(ok);
  process.exit(ok ? 0 : 1);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
