/* eslint-disable no-console */
/**
 * API-load benchmark: requests per minute that reach the Kubernetes API server while people
 * watch entity pages, for 1, 10 and 50 viewers, with runs starting and finishing all along.
 *
 * - tekton-dag: the real backend plugin (startTestBackend, SQLite) tracking the local cluster.
 *   Each viewer opens an entity page (its pipelines and runs, over HTTP), then refetches the
 *   runs whenever a signal for its entity arrives, as the frontend does.
 * - baseline: what the community Tekton plugin does through the Kubernetes backend: every 10 s,
 *   per viewer, list the entity's PipelineRuns, TaskRuns and Pods by label selector.
 *
 * The API server counts every request it serves. Run from the repository root:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/api-load.ts [--seconds 60]
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import knexFactory from 'knex';
import {
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import type { LocalCluster } from '@tekton-dag/local-cluster';
import { tektonDagEntityChannel } from '@tekton-dag/plugin-tekton-dag-common';
import {
  installTektonContent,
  localClusterConfig,
  startTemporaryCluster,
} from '../plugins/tekton-dag-backend/src/__testUtils__/localCluster';
import { startTektonDagBackend } from '../plugins/tekton-dag-backend/src/__testUtils__/testBackend';

const ENTITIES = 10;
const VIEWERS = [1, 10, 50];
const POLL_SECONDS = 10;
const argSeconds = process.argv.indexOf('--seconds');
const WINDOW_SECONDS =
  argSeconds >= 0 ? Number(process.argv[argSeconds + 1]) : 60;

const entityName = (i: number) => `app-${i}`;
const entityRef = (i: number) => `component:default/${entityName(i)}`;
const entities = Array.from({ length: ENTITIES }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: entityName(i),
    namespace: 'default',
    annotations: {
      'tekton-dag/pipelines': 'pr-pipeline',
      'tekton-dag/namespace': 'shop',
      'backstage.io/kubernetes-id': entityName(i),
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team',
    lifecycle: 'production',
  },
}));

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const totalRequests = (cluster: LocalCluster) =>
  [...cluster.requestCounts.values()].reduce((a, b) => a + b, 0);

/** Runs start and finish all the time, as on a busy cluster: a new one every second. */
function startActivity(cluster: LocalCluster) {
  const type = cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!;
  let n = 0;
  const timer = setInterval(() => {
    const i = n % ENTITIES;
    const name = `pr-pipeline-bench-${n++}`;
    const created = cluster.store.create(type, 'shop', {
      metadata: {
        name,
        labels: { 'backstage.io/kubernetes-id': entityName(i) },
        annotations: { 'tekton-dag.io/entity-ref': entityRef(i) },
      },
      spec: { pipelineRef: { name: 'pr-pipeline' } },
    });
    setTimeout(() => {
      cluster.store.update(
        type,
        'shop',
        name,
        {
          ...created,
          metadata: { ...created.metadata, resourceVersion: undefined },
          status: {
            startTime: created.metadata.creationTimestamp,
            completionTime: new Date().toISOString(),
            conditions: [
              { type: 'Succeeded', status: 'True', reason: 'Succeeded' },
            ],
          },
        },
        'status',
      );
    }, 500);
  }, 1000);
  return () => clearInterval(timer);
}

async function measureTektonDag(cluster: LocalCluster) {
  const subscribers = new Map<string, Set<() => void>>();
  let signalsPublished = 0;
  const signals = createServiceFactory({
    service: signalsServiceRef,
    deps: {},
    factory: () => ({
      publish: async ({ channel }: { channel: string }) => {
        signalsPublished++;
        subscribers.get(channel)?.forEach(deliver => deliver());
      },
    }),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'db.sqlite') },
    useNullAsDefault: true,
  });
  const before = totalRequests(cluster);
  const backend = await startTektonDagBackend({
    knex,
    tektonDag: { clusters: [localClusterConfig(cluster)] },
    features: [
      catalogServiceMock.factory({ entities }),
      signals,
      createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => ({
          authorize: async (requests: any[]) =>
            requests.map(() => ({ result: 'ALLOW' as const })),
          authorizeConditional: async (requests: any[]) =>
            requests.map(() => ({ result: 'ALLOW' as const })),
        }),
      }),
    ],
  });
  const base = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }/api/tekton-dag`;
  const headers = {
    Authorization: mockCredentials.user.header('user:default/viewer'),
  };
  const get = async (url: string) => {
    const response = await fetch(`${base}${url}`, { headers });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };
  await sleep(2000); // informers listed and watching
  console.log(
    `tekton-dag: ${
      totalRequests(cluster) - before
    } requests at backend start (one list and one watch per kind: PipelineRuns, TaskRuns, Pipelines)`,
  );

  const results = [];
  for (const viewers of VIEWERS) {
    const start = totalRequests(cluster);
    const signalsBefore = signalsPublished;
    let refetches = 0;
    const unsubscribes: Array<() => void> = [];
    await Promise.all(
      Array.from({ length: viewers }, async (_, v) => {
        const i = v % ENTITIES;
        const runsUrl = `/runs?entityRef=${encodeURIComponent(
          entityRef(i),
        )}&limit=20`;
        await get(`/entities/component/default/${entityName(i)}/pipelines`);
        await get(runsUrl);
        // Refetch on signals, coalesced as the frontend does (one in flight, one queued).
        let pending: Promise<unknown> | undefined;
        let again = false;
        const refetch = () => {
          if (pending) {
            again = true;
            return;
          }
          refetches++;
          pending = get(runsUrl).finally(() => {
            pending = undefined;
            if (again) {
              again = false;
              refetch();
            }
          });
        };
        const channel = tektonDagEntityChannel(entityRef(i));
        if (!subscribers.has(channel)) subscribers.set(channel, new Set());
        subscribers.get(channel)!.add(refetch);
        unsubscribes.push(() => subscribers.get(channel)!.delete(refetch));
      }),
    );
    await sleep(WINDOW_SECONDS * 1000);
    unsubscribes.forEach(u => u());
    const requests = totalRequests(cluster) - start;
    results.push({
      viewers,
      perMinute: (requests * 60) / WINDOW_SECONDS,
      note: `${Math.round(
        ((signalsPublished - signalsBefore) * 60) / WINDOW_SECONDS,
      )} signals/min, ${Math.round(
        (refetches * 60) / WINDOW_SECONDS,
      )} viewer refetches/min from the database`,
    });
  }
  await backend.stop();
  await knex.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  return results;
}

async function measureBaseline(cluster: LocalCluster) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const results = [];
  for (const viewers of VIEWERS) {
    const start = totalRequests(cluster);
    const timers: NodeJS.Timeout[] = [];
    for (let v = 0; v < viewers; v++) {
      const labelSelector = `backstage.io/kubernetes-id=${entityName(
        v % ENTITIES,
      )}`;
      const poll = () =>
        Promise.all([
          custom.listNamespacedCustomObject({
            group: 'tekton.dev',
            version: 'v1',
            namespace: 'shop',
            plural: 'pipelineruns',
            labelSelector,
          }),
          custom.listNamespacedCustomObject({
            group: 'tekton.dev',
            version: 'v1',
            namespace: 'shop',
            plural: 'taskruns',
            labelSelector,
          }),
          core.listNamespacedPod({ namespace: 'shop', labelSelector }),
        ]).catch(error => console.warn(`baseline poll failed: ${error}`));
      // Viewers open their pages spread over one poll interval, as people do (and so the
      // one-process benchmark does not overflow the API server's accept queue).
      const opensAfter = (v / viewers) * POLL_SECONDS * 1000;
      timers.push(
        setTimeout(() => {
          void poll();
          timers.push(setInterval(poll, POLL_SECONDS * 1000));
        }, opensAfter),
      );
    }
    await sleep(WINDOW_SECONDS * 1000);
    timers.forEach(timer => clearTimeout(timer));
    results.push({
      viewers,
      perMinute: ((totalRequests(cluster) - start) * 60) / WINDOW_SECONDS,
      note: `3 lists per viewer every ${POLL_SECONDS} s`,
    });
  }
  return results;
}

async function main() {
  const cluster = await startTemporaryCluster('bench-cluster-');
  installTektonContent(cluster);
  const stopActivity = startActivity(cluster);
  try {
    console.log(
      `${WINDOW_SECONDS} s per measurement, a run started and one finished every second\n`,
    );
    const ours = await measureTektonDag(cluster);
    const baseline = await measureBaseline(cluster);
    console.log(
      `\n${'viewers'.padEnd(8)} ${'tekton-dag'.padStart(
        12,
      )} ${'baseline'.padStart(12)}   (Kubernetes API requests per minute)`,
    );
    ours.forEach((row, i) =>
      console.log(
        `${String(row.viewers).padEnd(8)} ${row.perMinute
          .toFixed(0)
          .padStart(12)} ${baseline[i].perMinute.toFixed(0).padStart(12)}   ${
          row.note
        }`,
      ),
    );
  } finally {
    stopActivity();
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
