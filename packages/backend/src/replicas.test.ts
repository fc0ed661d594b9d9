import fs from 'fs';
import path from 'path';
import { startLocalCluster, LocalCluster } from '@tekton-dag/local-cluster';
import {
  dropReplicaDatabases,
  prepareShopApi,
  SHOP_API_REF,
  waitForShopApi,
  guestToken,
  queryPluginDatabase,
  Replica,
  replicaPostgres,
  replicaWorkDir,
  startReplica,
  subscribeSignals,
  tektonDagApi,
  waitFor,
} from './__testUtils__/replicas';

jest.setTimeout(240_000);

const POSTGRES = replicaPostgres();
const ENTITY_REF = SHOP_API_REF;
const RUNS_PATH = '/apis/tekton.dev/v1/pipelineruns';

/**
 * Production runs several portal replicas behind a load balancer on one PostgreSQL database.
 * These start two real backends (packages/backend, as processes) against one local cluster:
 * one replica watches the cluster, a browser on either hears of every run once, and killing
 * the watching replica hands the watch to the other without losing a run.
 */
(POSTGRES ? describe : describe.skip)(
  'two portal replicas on one PostgreSQL database',
  () => {
    const prefix = `tdr_${process.pid}_${Date.now() % 100000}_`;
    const dir = replicaWorkDir('tekton-dag-replicas-');
    let cluster: LocalCluster;
    const replicas: Replica[] = [];
    let token: string;

    const tektonDagDb = `${prefix}tekton-dag`;
    const leaseHolder = async () =>
      (
        await queryPluginDatabase(
          POSTGRES!,
          tektonDagDb,
          "select holder from tekton_dag_leases where name = 'cluster:local' and expires_at > now()",
        )
      )[0]?.holder as string | undefined;
    const watching = () => cluster.openWatches.get(RUNS_PATH) ?? 0;
    const startRun = () => {
      const type = cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!;
      // As Tekton Triggers would: straight on the cluster, tied to the entity.
      return cluster.store.create(type, 'shop', {
        metadata: {
          generateName: 'quick-',
          annotations: { 'tekton-dag.io/entity-ref': ENTITY_REF },
        },
        spec: { pipelineRef: { name: 'quick-pipeline' } },
      }).metadata.uid as string;
    };
    const recorded = async (uids: string[]) =>
      queryPluginDatabase<{ uid: string; status: string; tasks: string }>(
        POSTGRES!,
        tektonDagDb,
        `select r.uid, r.status, (select count(*) from tekton_dag_task_runs t
           where t.run_uid = r.uid and t.status = 'Succeeded') as tasks
         from tekton_dag_runs r where r.uid = any(?)`,
        [uids],
      );

    beforeAll(async () => {
      cluster = await startLocalCluster({
        kubeconfigPath: path.join(dir, 'kubeconfig'),
        stateDir: path.join(dir, 'cluster'),
        executor: { enabled: true, workDir: path.join(dir, 'runs') },
      });
      // Long enough for Running to be seen between Pending and Succeeded.
      const catalogFile = prepareShopApi(cluster, dir, 'sleep 1; echo said');
      const common = {
        databasePrefix: prefix,
        postgres: POSTGRES!,
        kubeconfigPath: cluster.kubeconfigPath,
        catalogFile,
        logDir: dir,
      };
      // One after the other: two replicas creating a fresh database at once race on it.
      replicas.push(await startReplica({ ...common, name: 'a', port: 7181 }));
      replicas.push(await startReplica({ ...common, name: 'b', port: 7182 }));
      token = await guestToken(replicas[0]);
      await waitForShopApi(replicas[1], token);
    });

    afterAll(async () => {
      await Promise.all(replicas.map(r => r.kill('SIGKILL')));
      await cluster?.stop();
      if (POSTGRES) await dropReplicaDatabases(POSTGRES, prefix);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const owner = async () => {
      const holder = await waitFor(leaseHolder, h => !!h, 'a lease holder');
      // The replica id starts with the host name and the process id.
      return replicas.find(r => holder!.includes(`-${r.process.pid}-`))!;
    };

    it('watch the cluster from one replica only, and both serve it', async () => {
      await waitFor(watching, n => n === 1, 'the run watch');
      const watcher = await owner();
      expect(watcher).toBeDefined();
      // Both replicas stay up, and only one lists and watches each kind.
      await new Promise(resolve => setTimeout(resolve, 3000));
      for (const plural of ['pipelineruns', 'taskruns', 'pipelines']) {
        expect(cluster.openWatches.get(`/apis/tekton.dev/v1/${plural}`)).toBe(
          1,
        );
        expect(
          cluster.requestCounts.get(`GET /apis/tekton.dev/v1/${plural}`),
        ).toBe(1);
      }
      // Each replica answers the cluster status and the entity's Pipelines from the database.
      const requestsBefore = [...cluster.requestCounts.values()].reduce(
        (a, b) => a + b,
      );
      for (const replica of replicas) {
        const clusters = await tektonDagApi(replica, token, '/clusters');
        expect(clusters.body.items[0]).toMatchObject({
          name: 'local',
          reachable: true,
        });
        const pipelines = await tektonDagApi(
          replica,
          token,
          '/entities/component/default/shop-api/pipelines',
        );
        expect(pipelines.body.items[0]).toMatchObject({
          name: 'quick-pipeline',
          tasks: ['say'],
        });
      }
      const requestsAfter = [...cluster.requestCounts.values()].reduce(
        (a, b) => a + b,
      );
      expect(requestsAfter).toBe(requestsBefore);
    });

    it('tell a browser on either replica of a run started through the other, each transition once', async () => {
      const watcher = await owner();
      const other = replicas.find(r => r !== watcher)!;
      const channels = [`tekton-dag:entity:${ENTITY_REF}`, 'tekton-dag:runs'];
      const browsers = await Promise.all(
        replicas.map(r => subscribeSignals(r, token, channels)),
      );
      try {
        // Subscriptions are sent as the socket opens; give them a moment to land.
        await new Promise(resolve => setTimeout(resolve, 500));
        // Started through the replica that does not watch: its creation is told by it, the
        // rest by the watcher; the events backend carries each to the other replica.
        const created = await tektonDagApi(
          other,
          token,
          '/entities/component/default/shop-api/runs',
          { method: 'POST', body: { pipeline: 'quick-pipeline' } },
        );
        expect(created.status).toBe(201);
        const runId = created.body.id;
        await waitFor(
          async () =>
            (
              await tektonDagApi(watcher, token, `/runs/${runId}`)
            ).body.status,
          status => status === 'Succeeded',
          'the run to succeed',
        );
        const transitions = (i: number) =>
          browsers[i].received
            .filter(s => s.message?.runId === runId)
            .map(
              s =>
                `${s.channel} ${s.message.previousStatus ?? 'new'}>${
                  s.message.status
                }`,
            )
            .sort();
        const expected = channels
          .flatMap(channel => [
            `${channel} new>Pending`,
            `${channel} Pending>Running`,
            `${channel} Running>Succeeded`,
          ])
          .sort();
        await waitFor(
          async () => [transitions(0), transitions(1)],
          ([a, b]) =>
            a.length >= expected.length && b.length >= expected.length,
          'every transition on both browsers',
          15_000,
        );
        // Late duplicates would arrive within this.
        await new Promise(resolve => setTimeout(resolve, 2000));
        expect(transitions(0)).toEqual(expected);
        expect(transitions(1)).toEqual(expected);
      } finally {
        browsers.forEach(b => b.close());
      }
    });

    it('hand the watch over within 15 s when the watching replica is killed, losing no run', async () => {
      const watcher = await owner();
      const survivor = replicas.find(r => r !== watcher)!;
      // A run in flight when the watching replica dies.
      const inFlight = startRun();
      await waitFor(
        async () => (await recorded([inFlight]))[0]?.status,
        status => !!status,
        'the run to be recorded',
      );
      await watcher.kill('SIGKILL');
      const killedAt = Date.now();
      // Runs that start and finish while nobody watches.
      const whileDown = [startRun(), startRun(), startRun()];
      // The survivor takes the lease once it expires, and watches.
      await waitFor(
        async () => [await leaseHolder(), watching()] as const,
        ([holder, open]) =>
          !!holder?.includes(`-${survivor.process.pid}-`) && open === 1,
        'the other replica to take the watch over',
        15_000,
      );
      const handoverMs = Date.now() - killedAt;
      expect(handoverMs).toBeLessThan(15_000);
      // Nothing was lost: every run is recorded as it ended, with its task.
      const all = [inFlight, ...whileDown];
      const rows = await waitFor(
        () => recorded(all),
        r =>
          r.length === all.length &&
          r.every(x => x.status === 'Succeeded' && Number(x.tasks) === 1),
        'every run recorded as Succeeded with its task',
      );
      expect(rows).toHaveLength(4);
      // The logs of tasks that finished while nobody watched were archived on takeover.
      const archived = await waitFor(
        () =>
          queryPluginDatabase(
            POSTGRES!,
            tektonDagDb,
            'select distinct run_uid from tekton_dag_step_logs where run_uid = any(?)',
            [all],
          ),
        r => r.length === all.length,
        'the step logs archived',
      );
      expect(archived).toHaveLength(4);
      // The survivor serves them.
      const list = await tektonDagApi(
        survivor,
        token,
        `/runs?entityRef=${ENTITY_REF}&limit=50`,
      );
      expect(list.body.items.map((r: any) => r.id)).toEqual(
        expect.arrayContaining(all),
      );
    });
  },
);
