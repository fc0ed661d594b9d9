import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createScriptPipeline,
  type LocalCluster,
} from '@tekton-dag/local-cluster';
import http from 'http';
import type { AddressInfo } from 'net';
import request from 'supertest';
import { shopComponent } from './__testUtils__/entities';
import { createTestDatabases } from './__testUtils__/testDatabases';
import {
  eventually,
  installTektonContent,
  localClusterConfig,
  startTemporaryCluster,
} from './__testUtils__/localCluster';
import { recordingSignals } from './__testUtils__/signals';
import { startTektonDagBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const shopApi = shopComponent('shop-api', {
  'tekton-dag/pipelines': 'pr-pipeline, slow-pipeline, talk-pipeline',
  'tekton-dag/namespace': 'shop',
  'tekton-dag/cluster': 'local',
  // Applies to the pipelines that declare app-name (pr-pipeline), not to the others.
  'tekton-dag/params': '{"app-name": "shop-api-entity"}',
});

describe('the tekton-dag API against the local cluster', () => {
  const databases = createTestDatabases();
  const signals = recordingSignals();
  let cluster: LocalCluster;

  beforeAll(async () => {
    cluster = await startTemporaryCluster('api-', {
      executor: { enabled: true },
    });
    installTektonContent(cluster);
    createScriptPipeline(cluster, {
      namespace: 'shop',
      name: 'slow-pipeline',
      task: 'wait',
      step: 'sleep',
      script: 'sleep $(params.seconds)',
      param: { name: 'seconds', default: '30' },
    });
    createScriptPipeline(cluster, {
      namespace: 'shop',
      name: 'talk-pipeline',
      task: 'talk',
      step: 'say',
      script: 'echo one; sleep 1.5; echo two',
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  // Each backend runs trackers: stop them before the test databases close.
  const started: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map(b => b.stop()));
  });
  const track = <T extends { stop(): Promise<void> }>(backend: T) => {
    started.push(backend);
    return backend;
  };

  const backend = async (
    knex: any,
    permissions = mockServices.permissions.factory({
      result: AuthorizeResult.ALLOW,
    }),
  ) =>
    track(
      await startTektonDagBackend({
        knex,
        tektonDag: {
          // Not portalUrl: the runs' publish-results would upload to it.
          reports: { localUploadToken: 'test-upload-token' },
          clusters: [localClusterConfig(cluster)],
        },
        features: [
          catalogServiceMock.factory({ entities: [shopApi] }),
          // Runs the entity index's first refresh at startup, as the real scheduler does soon after.
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
          signals.factory,
          permissions,
        ],
      }),
    );

  const pipelineRunCount = () =>
    cluster.store.list(
      cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!,
      { namespace: 'shop', labelSelector: [], fieldSelector: [] },
    ).items.length;

  it.each(databases.eachSupportedId())(
    'runs, reruns, cancels and lists pipelines of an entity, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await backend(knex);
      const as = (req: request.Test) =>
        req.set(
          'Authorization',
          mockCredentials.user.header('user:default/ada'),
        );
      const base = '/api/tekton-dag';

      const pipelines = await as(
        request(server).get(
          `${base}/entities/component/default/shop-api/pipelines`,
        ),
      );
      expect(pipelines.status).toBe(200);
      expect(pipelines.body.items[0]).toMatchObject({
        name: 'pr-pipeline',
        cluster: 'local',
        namespace: 'shop',
        tasks: [
          'clone',
          'build',
          'unit-tests',
          'integration-tests',
          'security-scan',
          'deploy-preview',
          'publish-results',
        ],
      });
      expect(pipelines.body.items[0].params.map((p: any) => p.name)).toContain(
        'app-path',
      );
      // The entity's tekton-dag/params value is the default its users see.
      expect(
        pipelines.body.items[0].params.find((p: any) => p.name === 'app-name'),
      ).toMatchObject({ default: 'shop-api-entity' });

      // Bad input: nothing is created.
      const before = pipelineRunCount();
      const badParams = await as(
        request(server).post(
          `${base}/entities/component/default/shop-api/runs`,
        ),
      ).send({
        pipeline: 'pr-pipeline',
        params: { 'app-pth': 'x', revision: 7 },
      });
      expect(badParams.status).toBe(400);
      expect(badParams.body.error.message).toBe(
        'Invalid params for pipeline "pr-pipeline": Unknown param "app-pth"; the pipeline takes "repo-url", "revision", "app-path", "app-name", "deploy-preview", "portal-url"; Param "revision" must be a string',
      );
      expect(
        (
          await as(
            request(server).post(
              `${base}/entities/component/default/shop-api/runs`,
            ),
          ).send({ pipeline: 'nightly' })
        ).body.error.message,
      ).toMatch(
        /"nightly" is not one of component:default\/shop-api's pipelines/,
      );
      expect(
        (
          await as(
            request(server).post(
              `${base}/entities/component/default/shop-api/runs`,
            ),
          ).send({})
        ).status,
      ).toBe(400);
      expect(
        (
          await as(
            request(server).post(
              `${base}/entities/component/default/nope/runs`,
            ),
          ).send({ pipeline: 'pr-pipeline' })
        ).status,
      ).toBe(404);
      expect(pipelineRunCount()).toBe(before);

      // A run, followed to its end through the tracker.
      const created = await as(
        request(server).post(
          `${base}/entities/component/default/shop-api/runs`,
        ),
      ).send({
        pipeline: 'pr-pipeline',
        params: { 'app-path': 'examples/shop/shop-api' },
      });
      expect(created.status).toBe(201);
      // On a local cluster the portal provides the upload token publish-results reads.
      const secret = cluster.store.tryGet(
        cluster.store.findType('', 'v1', 'secrets')!,
        'shop',
        'tekton-dag-upload-token',
      );
      expect(Buffer.from(secret.data.token, 'base64').toString()).toBe(
        'test-upload-token',
      );
      expect(created.body).toMatchObject({
        pipeline: 'pr-pipeline',
        entityRef: 'component:default/shop-api',
        trigger: { kind: 'portal', by: 'user:default/ada' },
        // The request's value and the entity's, for the params not asked for.
        params: {
          'app-path': 'examples/shop/shop-api',
          'app-name': 'shop-api-entity',
        },
      });
      const done = await eventually(
        async () =>
          (
            await as(request(server).get(`${base}/runs/${created.body.id}`))
          ).body,
        run => run.status === 'Succeeded' && run.taskRuns?.length === 7,
        'the run to succeed',
      );
      expect(
        done.dag.nodes.filter((n: any) => n.finally).map((n: any) => n.name),
      ).toEqual(['publish-results']);
      expect(done.revision).toMatch(/^[0-9a-f]{40}$/);
      // No upload configured here: the test tasks' junit-summary results stand in.
      const summaries = await eventually(
        async () =>
          (
            await as(
              request(server).get(`${base}/runs/${created.body.id}/reports`),
            )
          ).body.items ?? [],
        items => items.length >= 2,
        'the junit-summary results to be recorded',
      );
      expect(
        summaries.find((r: any) => r.pipelineTask === 'unit-tests'),
      ).toMatchObject({
        source: 'result',
        totals: { tests: 5, passed: 5, failed: 0 },
      });
      expect(done).not.toHaveProperty('resourceVersion');
      // Browsers were told, on the run's and the entity's channels, without polling.
      expect(signals.published).toContainEqual({
        channel: `tekton-dag:run:${created.body.id}`,
        message: { type: 'run', runId: created.body.id, status: 'Succeeded' },
      });
      // Lists hear of status transitions, each once.
      const transition = {
        type: 'run',
        runId: created.body.id,
        status: 'Succeeded',
        previousStatus: 'Running',
      };
      // Announced by the writer right after its transaction, or by the relay (outbox)
      // within seconds when that failed: wait for it, then it must be there once.
      for (const channel of [
        'tekton-dag:runs',
        'tekton-dag:entity:component:default/shop-api',
      ]) {
        const heard = () =>
          signals.published.filter(
            s =>
              s.channel === channel &&
              s.message.runId === created.body.id &&
              s.message.status === 'Succeeded',
          );
        await eventually(
          async () => heard(),
          found => found.length > 0,
          `the transition on ${channel}`,
        );
        expect(heard()).toEqual([{ channel, message: transition }]);
      }
      expect(signals.published).toContainEqual({
        channel: 'tekton-dag:entity:component:default/shop-api',
        message: transition,
      });
      expect(
        signals.published.some(
          p =>
            p.message.type === 'taskRuns' &&
            p.message.runId === created.body.id,
        ),
      ).toBe(true);

      // Step logs: from the pod, then from the archive once the pod is gone.
      const unitTests = done.taskRuns.find(
        (t: any) => t.pipelineTask === 'unit-tests',
      );
      const logsUrl = `${base}/runs/${created.body.id}/tasks/${unitTests.name}/logs`;
      const live = await as(
        request(server).get(logsUrl).query({ step: 'test' }),
      );
      expect(live.status).toBe(200);
      expect(live.headers['content-type']).toMatch(/^text\/plain/);
      expect(live.text).toMatch(/ℹ pass [1-9]/);
      await eventually(
        async () =>
          knex('tekton_dag_step_logs')
            .where({ step: 'test' })
            .count({ n: '*' }),
        rows => Number(rows[0].n) >= 1,
        'the log to be archived',
      );
      cluster.store.delete(
        cluster.store.findType('', 'v1', 'pods')!,
        'shop',
        unitTests.podName,
      );
      const archived = await as(request(server).get(logsUrl));
      expect(archived.status).toBe(200);
      expect(archived.text).toBe(live.text);
      expect(
        (await as(request(server).get(logsUrl).query({ step: 'nope' }))).status,
      ).toBe(404);

      const listed = await as(
        request(server).get(`${base}/runs`).query({
          entityRef: 'component:default/shop-api',
          status: 'Succeeded',
        }),
      );
      expect(listed.body.items.map((r: any) => r.id)).toContain(
        created.body.id,
      );
      expect(
        (
          await as(
            request(server).get(`${base}/runs`).query({ status: 'Done' }),
          )
        ).status,
      ).toBe(400);

      // Rerun with one param changed; the others stay. Kubernetes times have whole seconds:
      // the rerun starts in a later second than the run, so a time window can tell them apart.
      const nextSecond = Date.parse(done.createdAt) + 1000 - Date.now();
      if (nextSecond > 0)
        await new Promise(resolve => setTimeout(resolve, nextSecond));
      const rerun = await as(
        request(server).post(`${base}/runs/${created.body.id}/rerun`),
      ).send({ params: { 'deploy-preview': 'false' } });
      expect(rerun.status).toBe(201);
      expect(rerun.body).toMatchObject({
        trigger: { kind: 'rerun' },
        params: expect.objectContaining({
          'app-path': 'examples/shop/shop-api',
          'deploy-preview': 'false',
        }),
      });
      expect(rerun.body.id).not.toBe(created.body.id);
      // Without a preview, Tekton skips the deploy task: the run says so, and why.
      const rerunDone = await eventually(
        async () =>
          (
            await as(request(server).get(`${base}/runs/${rerun.body.id}`))
          ).body,
        r => r.status === 'Succeeded',
        'the rerun to succeed',
      );
      expect(rerunDone.skippedTasks).toEqual([
        expect.objectContaining({
          name: 'deploy-preview',
          reason: expect.stringMatching(/when/i),
        }),
      ]);
      expect(
        rerunDone.taskRuns.find((t: any) => t.pipelineTask === 'build').params,
      ).toEqual(expect.objectContaining({ 'app-path': expect.any(String) }));

      // Portal-wide filters: by owner (from the catalog's relations) and by time.
      const ownerRuns = async (owner: string) =>
        (
          await as(
            request(server).get(`${base}/runs`).query({ owner, limit: 50 }),
          )
        ).body.items.map((r: any) => r.id);
      await eventually(
        () => ownerRuns('group:default/shop-team'),
        ids => ids.includes(created.body.id),
        'the entity index to know the owner',
      );
      expect(await ownerRuns('shop-team')).toContain(rerun.body.id);
      expect(await ownerRuns('group:default/another-team')).toEqual([]);
      const inWindow = await as(
        request(server)
          .get(`${base}/runs`)
          .query({ from: done.createdAt, to: rerunDone.createdAt }),
      );
      expect(inWindow.body.error).toBeUndefined();
      // Runs of the other database's test share the cluster: check the window, not a list.
      const windowIds = inWindow.body.items.map((r: any) => r.id);
      expect(windowIds).toContain(created.body.id);
      expect(windowIds).not.toContain(rerun.body.id);
      for (const item of inWindow.body.items) {
        expect(Date.parse(item.createdAt)).toBeGreaterThanOrEqual(
          Date.parse(done.createdAt),
        );
        expect(Date.parse(item.createdAt)).toBeLessThan(
          Date.parse(rerunDone.createdAt),
        );
      }
      const badDate = await as(
        request(server).get(`${base}/runs`).query({ from: 'yesterday' }),
      );
      expect(badDate.status).toBe(400);
      expect(badDate.body.error.message).toMatch(/"from" must be a date/);

      // A running step's log, followed until the step ends.
      const talk = await as(
        request(server).post(
          `${base}/entities/component/default/shop-api/runs`,
        ),
      ).send({ pipeline: 'talk-pipeline' });
      const talking = await eventually(
        async () =>
          (
            await as(request(server).get(`${base}/runs/${talk.body.id}`))
          ).body,
        r => r.taskRuns?.[0]?.steps?.[0]?.status === 'Running',
        'the talk step to run',
      );
      const followed = await as(
        request(server)
          .get(
            `${base}/runs/${talk.body.id}/tasks/${talking.taskRuns[0].name}/logs`,
          )
          .query({ follow: 'true' }),
      );
      expect(followed.text).toBe('one\ntwo\n');

      // Cancel a long run mid-way.
      const slow = await as(
        request(server).post(
          `${base}/entities/component/default/shop-api/runs`,
        ),
      ).send({ pipeline: 'slow-pipeline' });
      const sleeping = await eventually(
        async () =>
          (
            await as(request(server).get(`${base}/runs/${slow.body.id}`))
          ).body,
        r => r.taskRuns?.[0]?.steps?.[0]?.status === 'Running',
        'the step of the slow run to run',
      );
      // A browser follows the sleeping step's log, then its tab closes: the portal's stream to
      // the API server must end with it, not when the step ends 30 s later.
      const { port } = server.address() as AddressInfo;
      const follower = http.get({
        host: '127.0.0.1',
        port,
        path: `${base}/runs/${slow.body.id}/tasks/${sleeping.taskRuns[0].name}/logs?follow=true`,
        headers: { Authorization: mockCredentials.user.header() },
      });
      follower.on('error', () => {});
      await eventually(
        async () => cluster.openLogStreams(),
        open => open === 1,
        'the log stream to the API server',
      );
      follower.destroy();
      await eventually(
        async () => cluster.openLogStreams(),
        open => open === 0,
        'the log stream to the API server to close',
      );
      const cancelled = await as(
        request(server).post(`${base}/runs/${slow.body.id}/cancel`),
      ).send({ mode: 'Cancelled' });
      expect(cancelled.status).toBe(200);
      await eventually(
        async () =>
          (
            await as(request(server).get(`${base}/runs/${slow.body.id}`))
          ).body,
        r => r.status === 'Cancelled',
        'the run to be cancelled',
      );
      expect(
        (
          await as(
            request(server).post(`${base}/runs/${slow.body.id}/cancel`),
          ).send({})
        ).status,
      ).toBe(409);
      expect(
        (
          await as(
            request(server).post(`${base}/runs/${slow.body.id}/cancel`),
          ).send({ mode: 'Pause' })
        ).status,
      ).toBe(400);
    },
  );

  it.each([
    ['tekton-dag.run.read', 'get', '/runs'],
    [
      'tekton-dag.run.read',
      'get',
      '/entities/component/default/shop-api/pipelines',
    ],
    [
      'tekton-dag.run.create',
      'post',
      '/entities/component/default/shop-api/runs',
    ],
    ['tekton-dag.logs.read', 'get', '/runs/any/tasks/any/logs'],
  ])(
    'answers 403 and creates nothing when %s is denied (%s %s)',
    async (permission, method, route) => {
      const knex = await databases.init('SQLITE_3');
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result:
              r.permission.name === permission
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      });
      const { server } = await backend(knex, permissions.factory as any);
      const before = pipelineRunCount();
      const response = await (request(server) as any)
        [method](`/api/tekton-dag${route}`)
        .set('Authorization', mockCredentials.user.header())
        .send({ pipeline: 'pr-pipeline' });
      expect(response.status).toBe(403);
      expect(pipelineRunCount()).toBe(before);
    },
  );

  it('answers 403 to a cancel when tekton-dag.run.cancel is denied, and the run goes on', async () => {
    const knex = await databases.init('SQLITE_3');
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            r.permission.name === 'tekton-dag.run.cancel'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const { server } = await backend(knex, permissions.factory as any);
    const as = (req: request.Test) =>
      req.set('Authorization', mockCredentials.user.header());
    const slow = await as(
      request(server).post(
        '/api/tekton-dag/entities/component/default/shop-api/runs',
      ),
    ).send({ pipeline: 'slow-pipeline', params: { seconds: '3' } });
    expect(slow.status).toBe(201);
    expect(
      (
        await as(
          request(server).post(`/api/tekton-dag/runs/${slow.body.id}/cancel`),
        ).send({})
      ).status,
    ).toBe(403);
    const run = await eventually(
      async () =>
        (
          await as(request(server).get(`/api/tekton-dag/runs/${slow.body.id}`))
        ).body,
      r => r.status === 'Succeeded',
      'the run to finish',
    );
    expect(run.status).toBe('Succeeded');
  });

  it.each(databases.eachSupportedId())(
    "draws a run's graph from the watched Pipeline until the run has its own spec, on %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await backend(knex);
      const as = (req: request.Test) =>
        req.set('Authorization', mockCredentials.user.header());
      // A run as a real cluster has it before Tekton's controller resolved it: no
      // status.pipelineSpec yet, only a pipelineRef.
      const now = new Date();
      await knex('tekton_dag_runs').insert({
        uid: 'unresolved-run',
        cluster: 'local',
        namespace: 'shop',
        name: 'pr-pipeline-unres',
        entity_ref: 'component:default/shop-api',
        pipeline: 'pr-pipeline',
        status: 'Pending',
        trigger_kind: 'portal',
        params: '{}',
        results: '{}',
        conditions: '[]',
        created_at: now,
        updated_at: now,
        resource_version: 1,
      });
      const run = await eventually(
        async () =>
          (
            await as(request(server).get('/api/tekton-dag/runs/unresolved-run'))
          ).body,
        r => r.dag?.nodes?.length > 0,
        'the graph from the watched Pipeline',
      );
      expect(run.dag.nodes.map((n: any) => n.name)).toEqual(
        expect.arrayContaining([
          'clone',
          'build',
          'unit-tests',
          'publish-results',
        ]),
      );
    },
  );
});
