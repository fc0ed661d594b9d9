import path from 'path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import eventsBackend from '@backstage/plugin-events-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import giteaEvents from '@tekton-dag/plugin-events-backend-module-gitea';
import {
  buildPipelineDag,
  dagLevels,
} from '@tekton-dag/plugin-tekton-dag-common';
import {
  createScriptPipeline,
  type LocalCluster,
} from '@tekton-dag/local-cluster';
import request from 'supertest';
import { ForgeTestServer } from '../forges/__testUtils__/ForgeTestServer';
import {
  eventually,
  headRevision,
  installTektonContent,
  localClusterConfig,
  startTemporaryCluster,
} from '../__testUtils__/localCluster';
import { recordingSignals } from '../__testUtils__/signals';
import { startTektonDagBackend } from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  pullRequestDelivery,
  shopCatalog,
} from './__testUtils__/pullRequestDelivery';

jest.setTimeout(180_000);

// The GitHub module's package entry loads its two modules with import(), which Jest cannot run:
// take them from their files (the same code the backend runs).
const githubModuleDir = path.dirname(
  require.resolve(
    '@backstage/plugin-events-backend-module-github/package.json',
  ),
);
const githubWebhook = require(path.join(
  githubModuleDir,
  'dist/service/eventsModuleGithubWebhook.cjs.js',
)).default;
const githubRouter = require(path.join(
  githubModuleDir,
  'dist/service/eventsModuleGithubEventRouter.cjs.js',
)).default;

const SECRET = 'webhook-secret-for-tests';
const FORGE_TOKEN = 'forge-token-for-tests';

describe('pull requests through the events backend to runs on the local cluster', () => {
  const databases = createTestDatabases();
  const signals = recordingSignals();
  let cluster: LocalCluster;
  let forge: ForgeTestServer;

  beforeAll(async () => {
    cluster = await startTemporaryCluster('prs-', {
      executor: { enabled: true },
    });
    installTektonContent(cluster);
    createScriptPipeline(cluster, {
      namespace: 'shop',
      name: 'slow-pipeline',
      task: 'wait',
      step: 'sleep',
      script: 'sleep 60',
    });
    forge = await ForgeTestServer.start();
  });

  afterAll(async () => {
    await cluster?.stop();
    await forge?.close();
  });

  const started: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map(b => b.stop()));
  });

  async function backend(
    knex: any,
    databaseId: Parameters<typeof databases.init>[0],
    annotations = {},
  ) {
    const b = await startTektonDagBackend({
      knex,
      otherPluginDatabase: () => databases.init(databaseId),
      tektonDag: {
        clusters: [localClusterConfig(cluster)],
        reports: { localUploadToken: 'test-upload-token' },
        forges: [
          {
            type: 'github',
            host: 'github.com',
            apiBaseUrl: forge.githubApiBaseUrl,
            token: FORGE_TOKEN,
          },
          {
            type: 'gitea',
            host: 'gitea.test',
            apiBaseUrl: forge.giteaApiBaseUrl,
            token: FORGE_TOKEN,
          },
        ],
      },
      config: {
        app: { baseUrl: 'http://portal.test' },
        events: {
          // In one process: the cross-replica bus is the replica tests' subject.
          useEventBus: 'never',
          modules: {
            github: { webhookSecret: SECRET },
            gitea: { webhookSecret: SECRET },
          },
        },
      },
      features: [
        // The real events service: the events plugin's routers and tekton-dag share it.
        eventsServiceFactory,
        eventsBackend,
        githubWebhook,
        githubRouter,
        giteaEvents,
        catalogServiceMock.factory({ entities: shopCatalog(annotations) }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        signals.factory,
        ...(process.env.PR_TEST_LOGS
          ? [mockServices.rootLogger.factory({ level: 'info' })]
          : []),
      ],
    });
    started.push(b);
    return b;
  }

  const pipelineRuns = () =>
    cluster.store.list(
      cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!,
      {
        namespace: 'shop',
        labelSelector: [],
        fieldSelector: [],
      },
    ).items as any[];

  const pullRequestRuns = () =>
    pipelineRuns().filter(
      r => r.metadata.annotations?.['tekton-dag.io/pull-request'],
    );

  // The cluster and the forge serve every test on every database: each uses its own PR number.
  let lastNumber = 100;
  const nextNumber = () => ++lastNumber;
  const ofNumber = (number: number) =>
    pullRequestRuns().filter(
      r =>
        JSON.parse(r.metadata.annotations['tekton-dag.io/pull-request'])
          .number === number,
    );

  it.each(databases.eachSupportedId())(
    'a signed pull request starts a generated run that builds the changed component and tests its dependents, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await backend(knex, databaseId);
      const number = nextNumber();
      forge.setFiles('tekton-dag', 'tekton-dag', number, [
        'examples/shop/shop-api/src/server.js',
        'README.md',
      ]);
      const delivery = pullRequestDelivery({
        secret: SECRET,
        number,
        headSha: headRevision(),
      });
      const res = await request(server)
        .post('/api/events/http/github')
        .set(delivery.headers)
        .send(delivery.body);
      expect(res.status).toBe(202);

      const [created] = await eventually(
        async () => ofNumber(number),
        runs => runs.length === 1,
        'the pull request run',
      );
      // Embedded, generated: shop-api built and unit tested; shop-api, shop-search and shop-web
      // integration tested after it (fan-out), publish-results in finally (fan-in).
      expect(created.spec.pipelineRef).toBeUndefined();
      const spec = created.spec.pipelineSpec;
      const names = spec.tasks.map((t: any) => t.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'clone',
          'build-shop-api',
          'unit-tests-shop-api',
          'integration-tests-shop-api',
          'integration-tests-shop-search',
          'integration-tests-shop-web',
        ]),
      );
      expect(names.some((n: string) => n.startsWith('build-shop-web'))).toBe(
        false,
      );
      expect(spec.finally.map((t: any) => t.name)).toEqual(['publish-results']);
      const levels = dagLevels(buildPipelineDag(spec));
      expect(levels[0]).toEqual(['clone']);
      expect(
        levels.find(l => l.includes('integration-tests-shop-web'))!.length,
      ).toBeGreaterThan(1);
      expect(created.spec.params).toEqual(
        expect.arrayContaining([{ name: 'revision', value: headRevision() }]),
      );

      // Stored with its pull request and plan; listed by trigger.
      const stored = await eventually(
        () =>
          knex('tekton_dag_runs').where({ uid: created.metadata.uid }).first(),
        row => !!row,
        'the stored run',
      );
      expect(stored.entity_ref).toBe('component:default/shop-api');
      expect(stored.trigger_kind).toBe('pull_request');
      expect(JSON.parse(stored.pull_request)).toMatchObject({
        forge: 'github',
        repository: 'tekton-dag/tekton-dag',
        number,
        author: 'alice',
        headSha: headRevision(),
      });
      const plan = JSON.parse(stored.plan);
      expect(plan.build).toEqual(['component:default/shop-api']);
      expect(plan.systems).toEqual(['system:default/shop']);
      expect(plan.explanation.join(' ')).toMatch(/shop-web depends on/);

      // The forge hears pending at once, with a link to the run page, then the final state.
      const statusPath = `/repos/tekton-dag/tekton-dag/statuses/${headRevision()}`;
      const runUrl = `http://portal.test/catalog/default/component/shop-api/pipelines/runs/${created.metadata.uid}`;
      const statusesOfRun = () =>
        forge.requestsTo(statusPath).filter(r => r.body?.target_url === runUrl);
      const pending = await eventually(
        async () => statusesOfRun(),
        reqs => reqs.length >= 1,
        'the pending status',
      );
      expect(pending[0].body).toMatchObject({
        state: 'pending',
        context: 'tekton-dag/pull-request',
        target_url: runUrl,
      });
      expect(pending[0].headers.authorization).toBe(`Bearer ${FORGE_TOKEN}`);
      const final = await eventually(
        async () => statusesOfRun().map(r => r.body.state),
        states => states.includes('success') || states.includes('failure'),
        'the final status',
      );
      const run = await knex('tekton_dag_runs')
        .where({ uid: created.metadata.uid })
        .first();
      expect(final[final.length - 1]).toBe(
        run.status === 'Succeeded' ? 'success' : 'failure',
      );
      expect(run.status).toBe('Succeeded');

      // Rerun from the portal: the same generated spec again, for the same pull request.
      const rerun = await request(server)
        .post(`/api/tekton-dag/runs/${created.metadata.uid}/rerun`)
        .set('Authorization', mockCredentials.user.header('user:default/ada'))
        .send({});
      expect(rerun.status).toBe(201);
      expect(rerun.body).toMatchObject({
        pipeline: 'pull-request',
        trigger: { kind: 'rerun', by: 'user:default/ada' },
        pullRequest: { number },
        plan: { build: ['component:default/shop-api'] },
      });
      const again = ofNumber(number).find(
        r => r.metadata.uid === rerun.body.id,
      );
      expect(again.spec.pipelineSpec.tasks.map((t: any) => t.name)).toEqual(
        spec.tasks.map((t: any) => t.name),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses unsigned, wrongly signed, altered, replayed and oversize deliveries, creating nothing, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await backend(knex, databaseId);
      const number = nextNumber();
      forge.setFiles('tekton-dag', 'tekton-dag', number, [
        'examples/shop/shop-web/src/app.js',
      ]);
      const before = pipelineRuns().length;
      const post = (
        topic: string,
        headers: Record<string, string>,
        body: string,
      ) =>
        request(server)
          .post(`/api/events/http/${topic}`)
          .set(headers)
          .send(body);

      for (const forgeType of ['github', 'gitea'] as const) {
        const signed = () =>
          pullRequestDelivery({
            forge: forgeType,
            secret: SECRET,
            number,
            headSha: headRevision(),
          });
        const wrong = pullRequestDelivery({
          forge: forgeType,
          secret: 'not-the-secret',
          number,
          headSha: headRevision(),
        });
        expect((await post(forgeType, wrong.headers, wrong.body)).status).toBe(
          403,
        );

        const unsigned = signed();
        const headers = { ...unsigned.headers };
        delete headers['x-hub-signature-256'];
        delete headers['x-gitea-signature'];
        expect((await post(forgeType, headers, unsigned.body)).status).toBe(
          403,
        );

        const altered = signed();
        const body = altered.body.replace(
          `"number":${number}`,
          `"number":${number + 1}`,
        );
        expect(body).not.toBe(altered.body);
        expect((await post(forgeType, altered.headers, body)).status).toBe(403);

        const tooLarge = signed();
        const padded = JSON.stringify({
          ...JSON.parse(tooLarge.body),
          padding: 'x'.repeat(6 * 1024 * 1024),
        });
        expect((await post(forgeType, tooLarge.headers, padded)).status).toBe(
          413,
        );
      }
      // Nothing reached the orchestrator: no delivery recorded, no run.
      expect(await knex('tekton_dag_webhook_deliveries')).toHaveLength(0);
      expect(pipelineRuns().length).toBe(before);

      // A valid delivery starts one run; the same delivery again (a replay) starts nothing.
      const valid = pullRequestDelivery({
        secret: SECRET,
        number,
        headSha: headRevision(),
      });
      expect((await post('github', valid.headers, valid.body)).status).toBe(
        202,
      );
      await eventually(
        async () => ofNumber(number).length,
        n => n === 1,
        'the run',
      );
      expect((await post('github', valid.headers, valid.body)).status).toBe(
        202,
      );
      const outcome = async (id: string) =>
        (
          await knex('tekton_dag_webhook_deliveries')
            .where({ delivery_key: id })
            .first()
        )?.outcome;
      expect(
        await eventually(
          () => outcome(`github:${valid.deliveryId}`),
          o => !!o,
          'the outcome',
        ),
      ).toBe('started');
      // A Gitea delivery with a valid signature reaches the orchestrator too: no component of
      // this test's catalog lives on that host, so it starts nothing, and says why.
      const gitea = pullRequestDelivery({
        forge: 'gitea',
        host: 'gitea.test',
        secret: SECRET,
        number,
        headSha: headRevision(),
      });
      expect((await post('gitea', gitea.headers, gitea.body)).status).toBe(202);
      expect(
        await eventually(
          () => outcome(`gitea:${gitea.deliveryId}`),
          o => !!o,
          'the outcome',
        ),
      ).toBe('ignored');
      await new Promise(resolve => setTimeout(resolve, 1000));
      expect(ofNumber(number)).toHaveLength(1);
      expect(await knex('tekton_dag_webhook_deliveries')).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'a new push cancels the runs of the older head, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await backend(knex, databaseId, {
        'shop-search': { 'tekton-dag/pr-pipeline': 'slow-pipeline' },
      });
      const number = nextNumber();
      forge.setFiles('tekton-dag', 'tekton-dag', number, [
        'examples/shop/shop-search/src/index.js',
      ]);
      const first = pullRequestDelivery({
        secret: SECRET,
        number,
        headSha: 'b'.repeat(40),
      });
      await request(server)
        .post('/api/events/http/github')
        .set(first.headers)
        .send(first.body)
        .expect(202);
      const [older] = await eventually(
        async () => ofNumber(number),
        runs => runs.length === 1,
        'the first run',
      );
      expect(older.spec.pipelineRef).toEqual({ name: 'slow-pipeline' });
      await eventually(
        () =>
          knex('tekton_dag_runs').where({ uid: older.metadata.uid }).first(),
        row => row?.status === 'Running',
        'the first run running',
      );
      const second = pullRequestDelivery({
        secret: SECRET,
        number,
        action: 'synchronize',
        headSha: 'c'.repeat(40),
      });
      await request(server)
        .post('/api/events/http/github')
        .set(second.headers)
        .send(second.body)
        .expect(202);
      const olderNow = await eventually(
        async () =>
          cluster.store.get(
            cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!,
            'shop',
            older.metadata.name,
          ) as any,
        r => r?.spec?.status === 'CancelledRunFinally',
        'the older run cancelled',
      );
      expect(olderNow.spec.status).toBe('CancelledRunFinally');
      expect(ofNumber(number)).toHaveLength(2);
    },
  );
});
