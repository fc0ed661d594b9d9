import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceMock,
  type MockActionsRegistry,
} from '@backstage/backend-test-utils/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { LocalCluster } from '@tekton-dag/local-cluster';
import { shopComponent } from '../__testUtils__/entities';
import {
  installTektonContent,
  localClusterConfig,
  startTemporaryCluster,
} from '../__testUtils__/localCluster';
import { testRunRecord } from '../__testUtils__/runRecord';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { ClusterRegistry } from '@tekton-dag/plugin-tekton-dag-node';
import { DatabaseLogStore } from '../database/DatabaseLogStore';
import { DatabaseReportStore } from '../database/DatabaseReportStore';
import { DatabaseRunStore } from '../database/DatabaseRunStore';
import type { TaskRunRecord } from '../database/RunStore';
import { LogService } from '../logs/LogService';
import type { ParsedTestCase } from '../reports/parseJUnit';
import { RunService } from '../runs/RunService';
import { tailLines, TailBuffer } from './getStepLogAction';
import type { TektonDagActionsOptions } from './helpers';
import {
  GET_RUN_ACTION,
  GET_STEP_LOG_ACTION,
  LIST_RUNS_ACTION,
  registerTektonDagActions,
  START_RUN_ACTION,
} from './registerActions';

jest.setTimeout(120_000);

const annotations = {
  'tekton-dag/pipelines': 'pr-pipeline',
  'tekton-dag/namespace': 'shop',
  'tekton-dag/cluster': 'local',
};
const shopApi = shopComponent('shop-api', annotations);
/** An entity only its owner may read in the catalog. */
const secretSvc = shopComponent('secret-svc', annotations);
const SHOP_API = 'component:default/shop-api';
const SECRET_SVC = 'component:default/secret-svc';

const alice = mockCredentials.user('user:default/alice');
const owner = mockCredentials.user('user:default/owner');

/** The catalog as each caller sees it: secret-svc is visible to its owner alone. */
const catalog: TektonDagActionsOptions['catalog'] = {
  async getEntityByRef(ref, options) {
    const wanted = stringifyEntityRef(
      typeof ref === 'string' ? parseEntityRef(ref) : ref,
    );
    const entity = [shopApi, secretSvc].find(
      e => stringifyEntityRef(e) === wanted,
    );
    const principal = options?.credentials.principal as {
      userEntityRef?: string;
    };
    if (
      entity === secretSvc &&
      principal?.userEntityRef !== 'user:default/owner'
    )
      return undefined;
    return entity;
  },
};

/** A permission policy: the permissions named in `denied` are denied, the others allowed. */
function permissionsDenying(...denied: string[]) {
  const authorize = jest.fn(
    async (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({
        result: denied.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
  );
  return {
    authorize,
    service: mockServices.permissions.mock({
      authorize: authorize as unknown as PermissionsService['authorize'],
    }),
  };
}

const taskRun = (
  uid: string,
  runUid: string,
  overrides: Partial<TaskRunRecord> = {},
): TaskRunRecord => ({
  uid,
  runUid,
  name: `${runUid}-${uid}`,
  pipelineTask: uid,
  status: 'Succeeded',
  steps: [{ name: 'run', status: 'Succeeded', exitCode: 0 }],
  results: {},
  startedAt: '2026-11-24T11:00:02.000Z',
  completedAt: '2026-11-24T11:00:05.000Z',
  podName: `${runUid}-${uid}-pod`,
  resourceVersion: 1,
  ...overrides,
});

const failedCase = (i: number): ParsedTestCase => ({
  suite: 'OrderServiceTest',
  className: 'shop.OrderServiceTest',
  name: `refusesOversell${i}`,
  status: i === 12 ? 'errored' : 'failed',
  durationMs: 3,
  message: `expected 0 but was ${i}`,
  trace: 'at OrderServiceTest.java:42',
});

const LOG_LINES = Array.from({ length: 150 }, (_, i) => `line ${i + 1}`);

describe('tekton-dag actions', () => {
  const databases = createTestDatabases();
  let cluster: LocalCluster;

  beforeAll(async () => {
    // No executor: a started run is created on the cluster and recorded, never executed.
    cluster = await startTemporaryCluster('actions-');
    installTektonContent(cluster);
    // A pod still running (no archived log yet): its step's log comes from the cluster.
    const pod = cluster.store.findTypeByKind('v1', 'Pod')!;
    cluster.store.create(pod, 'shop', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'live-pod', namespace: 'shop' },
      spec: { containers: [{ name: 'step-build' }] },
    });
    const writer = cluster.logs.writer('shop', 'live-pod', 'step-build');
    writer.write('compiling\nlinking\n');
    writer.end();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  /** The PipelineRuns on the cluster. */
  const pipelineRunNames = (): string[] =>
    cluster.store
      .list(cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!, {
        namespace: 'shop',
        labelSelector: [],
        fieldSelector: [],
      })
      .items.map((r: any) => r.metadata.name);

  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    permissions = permissionsDenying(),
  ) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseRunStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const reports = new DatabaseReportStore(knex);
    const logStore = new DatabaseLogStore(knex, 5 * 1024 * 1024);
    const registry = new ClusterRegistry([
      { ...localClusterConfig(cluster), skipTLSVerify: false },
    ]);
    const runs = new RunService({ registry, store });
    const createRun = jest.spyOn(runs, 'createRun');
    const logs = new LogService({
      registry,
      logs: logStore,
      logger: mockServices.logger.mock(),
    });

    // shop-api: an older success, the latest failure, a run of another pipeline; secret-svc: one.
    await store.upsertRuns([
      testRunRecord('run-ok', { createdAt: '2026-11-24T10:00:00.000Z' }),
      testRunRecord('run-failed', {
        status: 'Failed',
        reason: 'Failed',
        message: 'Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 1',
        createdAt: '2026-11-24T11:00:00.000Z',
        startedAt: '2026-11-24T11:00:01.000Z',
        completedAt: '2026-11-24T11:01:01.000Z',
        revision: 'abc1234',
        params: { revision: 'main' },
        trigger: { kind: 'pull_request', by: 'alice' },
        pullRequest: {
          forge: 'github',
          host: 'github.com',
          repository: 'shop/shop-api',
          number: 42,
          url: 'https://github.com/shop/shop-api/pull/42',
          title: 'Faster checkout',
          event: 'pull_request.synchronize',
          headSha: 'abc1234',
        },
        skippedTasks: [
          { name: 'deploy-preview', reason: 'Parent Tasks were skipped' },
        ],
      }),
      testRunRecord('run-live', {
        status: 'Running',
        pipeline: 'nightly',
        createdAt: '2026-11-24T12:00:00.000Z',
      }),
      testRunRecord('run-secret', {
        entityRef: SECRET_SVC,
        status: 'Failed',
        createdAt: '2026-11-24T12:30:00.000Z',
      }),
    ]);
    await store.upsertTaskRuns([
      taskRun('clone', 'run-failed'),
      taskRun('unit-tests', 'run-failed', {
        status: 'Failed',
        reason: 'Failed',
        startedAt: '2026-11-24T11:00:10.000Z',
        completedAt: '2026-11-24T11:00:40.000Z',
        steps: [
          { name: 'prepare', status: 'Succeeded', exitCode: 0 },
          { name: 'test', status: 'Failed', exitCode: 1 },
        ],
      }),
      taskRun('build', 'run-live', {
        status: 'Running',
        podName: 'live-pod',
        completedAt: undefined,
        steps: [{ name: 'build', status: 'Running' }],
      }),
      taskRun('scan', 'run-secret', { status: 'Failed' }),
    ]);
    await logStore.archive({
      taskRunUid: 'unit-tests',
      runUid: 'run-failed',
      step: 'test',
      text: `${LOG_LINES.join('\n')}\n`,
    });
    const cases = Array.from({ length: 12 }, (_, i) => failedCase(i + 1));
    await reports.saveReport({
      runUid: 'run-failed',
      pipelineTask: 'unit-tests',
      source: 'upload',
      report: {
        totals: {
          tests: 20,
          passed: 8,
          failed: 11,
          errored: 1,
          skipped: 0,
          durationMs: 90,
        },
        suites: [
          {
            name: 'OrderServiceTest',
            tests: 20,
            passed: 8,
            failed: 11,
            errored: 1,
            skipped: 0,
            durationMs: 90,
          },
        ],
        cases,
      },
    });

    const actions = actionsRegistryServiceMock();
    registerTektonDagActions({
      actionsRegistry: actions,
      store,
      reports,
      runs,
      logs,
      catalog,
      permissions: permissions.service,
      appBaseUrl: 'https://portal.example.com/',
    });
    const invoke = (
      name: string,
      input: Record<string, any>,
      credentials: BackstageCredentials = alice,
    ) => actions.invoke({ id: `test:${name}`, input, credentials });
    return { actions, invoke, store, createRun, permissions };
  }

  it('registers four described actions with honest attributes', async () => {
    const actions: MockActionsRegistry = actionsRegistryServiceMock();
    registerTektonDagActions({
      actionsRegistry: actions,
      catalog,
      permissions: permissionsDenying().service,
    } as unknown as Parameters<typeof registerTektonDagActions>[0]);
    const { actions: listed } = await actions.list();
    expect(Object.fromEntries(listed.map(a => [a.name, a.attributes]))).toEqual(
      {
        [LIST_RUNS_ACTION]: {
          readOnly: true,
          destructive: false,
          idempotent: true,
        },
        [GET_RUN_ACTION]: {
          readOnly: true,
          destructive: false,
          idempotent: true,
        },
        [START_RUN_ACTION]: {
          readOnly: false,
          destructive: false,
          idempotent: false,
        },
        [GET_STEP_LOG_ACTION]: {
          readOnly: true,
          destructive: false,
          idempotent: true,
        },
      },
    );
    for (const action of listed) {
      expect(action.description.length).toBeGreaterThan(100);
      expect(action.schema.input).toMatchObject({ type: 'object' });
    }
  });

  it.each(databases.eachSupportedId())(
    'answers "why did shop-api\'s last run fail?" for an allowed caller, on %p',
    async databaseId => {
      const { invoke, permissions } = await setup(databaseId);

      // 1. The last failed run of shop-api (a bare name means a Component).
      const { output: list } = (await invoke(LIST_RUNS_ACTION, {
        entityRef: 'shop-api',
        status: ['Failed', 'TimedOut'],
        limit: 1,
      })) as any;
      expect(list.entityRef).toBe(SHOP_API);
      expect(list.runs).toEqual([
        expect.objectContaining({
          id: 'run-failed',
          name: 'pr-pipeline-run-failed',
          pipeline: 'pr-pipeline',
          status: 'Failed',
          createdAt: '2026-11-24T11:00:00.000Z',
          durationMs: 60_000,
          trigger: { kind: 'pull_request', by: 'alice' },
          pullRequest: {
            number: 42,
            repository: 'shop/shop-api',
            url: 'https://github.com/shop/shop-api/pull/42',
            title: 'Faster checkout',
          },
          link: 'https://portal.example.com/catalog/default/component/shop-api/pipelines/runs/run-failed',
        }),
      ]);
      // The caller's credentials are what the permission is checked with.
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'tekton-dag.run.read',
            }),
          },
        ],
        { credentials: alice },
      );

      // All runs, newest first, paged; another entity's runs are not among them.
      const { output: all } = (await invoke(LIST_RUNS_ACTION, {
        entityRef: SHOP_API,
        limit: 2,
      })) as any;
      expect(all.runs.map((r: any) => r.id)).toEqual([
        'run-live',
        'run-failed',
      ]);
      const { output: older } = (await invoke(LIST_RUNS_ACTION, {
        entityRef: SHOP_API,
        cursor: all.nextCursor,
      })) as any;
      expect(older.runs.map((r: any) => r.id)).toEqual(['run-ok']);
      expect(older.nextCursor).toBeUndefined();

      // 2. Why it failed: the failing task and step, the skipped task, the failing tests.
      const { output: run } = (await invoke(GET_RUN_ACTION, {
        runId: 'run-failed',
      })) as any;
      expect(run.run).toMatchObject({
        id: 'run-failed',
        status: 'Failed',
        cluster: 'local',
        namespace: 'shop',
        message: 'Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 1',
        revision: 'abc1234',
        params: { revision: 'main' },
      });
      expect(run.tasks).toEqual([
        {
          pipelineTask: 'clone',
          taskRun: 'run-failed-clone',
          status: 'Succeeded',
          durationMs: 3000,
        },
        {
          pipelineTask: 'unit-tests',
          taskRun: 'run-failed-unit-tests',
          status: 'Failed',
          durationMs: 30_000,
        },
      ]);
      expect(run.failingTasks).toEqual([
        {
          pipelineTask: 'unit-tests',
          taskRun: 'run-failed-unit-tests',
          status: 'Failed',
          reason: 'Failed',
          failingStep: { name: 'test', exitCode: 1 },
        },
      ]);
      expect(run.skippedTasks).toEqual([
        { name: 'deploy-preview', reason: 'Parent Tasks were skipped' },
      ]);
      expect(run.tests.reports).toEqual([
        {
          pipelineTask: 'unit-tests',
          tests: 20,
          passed: 8,
          failed: 11,
          errored: 1,
          skipped: 0,
        },
      ]);
      expect(run.tests.failingTotal).toBe(12);
      expect(run.tests.failing).toHaveLength(10);
      expect(run.tests.failing[0]).toEqual({
        pipelineTask: 'unit-tests',
        suite: 'OrderServiceTest',
        className: 'shop.OrderServiceTest',
        name: 'refusesOversell1',
        status: 'failed',
        message: 'expected 0 but was 1',
      });

      // 3. What the failing step printed: the archived log's last lines.
      const { output: log } = (await invoke(GET_STEP_LOG_ACTION, {
        runId: 'run-failed',
        pipelineTask: 'unit-tests',
      })) as any;
      expect(log).toMatchObject({
        taskRun: 'run-failed-unit-tests',
        step: 'test',
        stepStatus: 'Failed',
        exitCode: 1,
        lines: 100,
        truncated: true,
      });
      expect(log.text.split('\n')).toEqual(LOG_LINES.slice(-100));
      const { output: few } = (await invoke(GET_STEP_LOG_ACTION, {
        runId: 'run-failed',
        pipelineTask: 'run-failed-unit-tests',
        step: 'test',
        lines: 3,
      })) as any;
      expect(few.text).toBe('line 148\nline 149\nline 150');

      // A running step's log comes from the cluster.
      const { output: live } = (await invoke(GET_STEP_LOG_ACTION, {
        runId: 'run-live',
        pipelineTask: 'build',
      })) as any;
      expect(live).toMatchObject({
        step: 'build',
        text: 'compiling\nlinking',
        lines: 2,
        truncated: false,
      });

      // The entity's owner sees secret-svc's runs.
      const { output: secret } = (await invoke(
        LIST_RUNS_ACTION,
        { entityRef: SECRET_SVC },
        owner,
      )) as any;
      expect(secret.runs.map((r: any) => r.id)).toEqual(['run-secret']);
    },
  );

  it.each(databases.eachSupportedId())(
    'starts a run on the cluster for an allowed caller, on %p',
    async databaseId => {
      const { invoke, store, permissions } = await setup(databaseId);
      const { output } = (await invoke(START_RUN_ACTION, {
        entityRef: SHOP_API,
        pipeline: 'pr-pipeline',
        params: { revision: 'feature-x' },
      })) as any;
      expect(output).toMatchObject({
        name: expect.stringMatching(/^pr-pipeline-/),
        entityRef: SHOP_API,
        pipeline: 'pr-pipeline',
        cluster: 'local',
        namespace: 'shop',
        link: `https://portal.example.com/catalog/default/component/shop-api/pipelines/runs/${output.runId}`,
      });
      // Checked on the entity, with the caller's credentials.
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({
              name: 'tekton-dag.run.create',
            }),
            resourceRef: SHOP_API,
          },
        ],
        { credentials: alice },
      );
      // Recorded at once, as started by the caller, with the given params.
      const recorded = await store.getRun(output.runId);
      expect(recorded).toMatchObject({
        entityRef: SHOP_API,
        trigger: { kind: 'portal', by: 'user:default/alice' },
        params: expect.objectContaining({ revision: 'feature-x' }),
      });
      const onCluster = pipelineRunNames();
      expect(onCluster).toContain(output.name);

      // A pipeline the entity does not have is the caller's input error, nothing started.
      await expect(
        invoke(START_RUN_ACTION, { entityRef: SHOP_API, pipeline: 'nope' }),
      ).rejects.toMatchObject({ name: 'InputError' });
    },
  );

  it.each(databases.eachSupportedId())(
    'actions registry calls denied without permission, on %p',
    async databaseId => {
      // Reading runs and logs and starting runs are all denied.
      const denyAll = permissionsDenying(
        'tekton-dag.run.read',
        'tekton-dag.run.create',
        'tekton-dag.logs.read',
      );
      const { invoke, store, createRun } = await setup(databaseId, denyAll);
      const before = pipelineRunNames();

      await expect(
        invoke(LIST_RUNS_ACTION, { entityRef: SHOP_API }),
      ).rejects.toThrow(NotAllowedError);
      await expect(
        invoke(GET_RUN_ACTION, { runId: 'run-failed' }),
      ).rejects.toThrow(NotAllowedError);
      await expect(
        invoke(GET_STEP_LOG_ACTION, {
          runId: 'run-failed',
          pipelineTask: 'unit-tests',
        }),
      ).rejects.toThrow(NotAllowedError);
      await expect(
        invoke(START_RUN_ACTION, {
          entityRef: SHOP_API,
          pipeline: 'pr-pipeline',
        }),
      ).rejects.toThrow('You are not allowed to run create');
      // Nothing was started: not asked of the service, not on the cluster, not recorded.
      expect(createRun).not.toHaveBeenCalled();
      expect(pipelineRunNames()).toEqual(before);
      const { items } = await store.listRuns(
        { entityRef: SHOP_API },
        { limit: 50 },
      );
      expect(items).toHaveLength(3);
      expect(denyAll.authorize).toHaveBeenCalledTimes(4);
      for (const [, options] of denyAll.authorize.mock.calls as any[])
        expect(options).toEqual({ credentials: alice });
    },
  );

  it.each(databases.eachSupportedId())(
    'reads logs only with tekton-dag.logs.read, and hides what the catalog hides, on %p',
    async databaseId => {
      // Runs may be read and started, logs not.
      const { invoke, createRun } = await setup(
        databaseId,
        permissionsDenying('tekton-dag.logs.read'),
      );
      await expect(
        invoke(GET_RUN_ACTION, { runId: 'run-failed' }),
      ).resolves.toBeDefined();
      await expect(
        invoke(GET_STEP_LOG_ACTION, {
          runId: 'run-failed',
          pipelineTask: 'unit-tests',
        }),
      ).rejects.toThrow('You are not allowed to logs read');

      // secret-svc and its runs do not exist for alice, whatever the permissions say.
      await expect(
        invoke(LIST_RUNS_ACTION, { entityRef: SECRET_SVC }),
      ).rejects.toThrow(NotFoundError);
      await expect(
        invoke(GET_RUN_ACTION, { runId: 'run-secret' }),
      ).rejects.toThrow('No run with id run-secret');
      await expect(
        invoke(START_RUN_ACTION, {
          entityRef: SECRET_SVC,
          pipeline: 'pr-pipeline',
        }),
      ).rejects.toThrow(NotFoundError);
      expect(createRun).not.toHaveBeenCalled();

      // Unknown runs and tasks are named as such; bad input is refused before any work.
      await expect(
        invoke(GET_RUN_ACTION, { runId: 'no-such-run' }),
      ).rejects.toThrow(NotFoundError);
      await expect(
        invoke(LIST_RUNS_ACTION, { entityRef: SHOP_API, limit: 51 }),
      ).rejects.toMatchObject({ name: 'InputError' });
    },
  );
});

describe('log tails', () => {
  it('keep the last lines within the byte and character caps', async () => {
    const buffer = new TailBuffer(16);
    buffer.write('first line\nsecond\n');
    buffer.end('third\n');
    await new Promise(resolve => buffer.on('finish', resolve));
    expect(buffer.dropped).toBe(true);
    // The partial first line of a cut log is left out.
    expect(tailLines(buffer.text(), 10, { dropped: buffer.dropped })).toEqual({
      text: 'second\nthird',
      lines: 2,
      truncated: true,
    });
    expect(
      tailLines('a\r\n\u001b[31mred\u001b[0m\nlonger line\n', 5, {
        maxChars: 12,
      }),
    ).toEqual({ text: 'longer line', lines: 1, truncated: true });
    expect(tailLines('', 5)).toEqual({ text: '', lines: 0, truncated: false });
  });
});
