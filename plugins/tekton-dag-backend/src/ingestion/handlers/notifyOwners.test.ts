import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { RunStatus } from '@tekton-dag/plugin-tekton-dag-common';
import knexFactory from 'knex';
import type { Knex } from 'knex';
import { testRunRecord } from '../../__testUtils__/runRecord';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseReportStore } from '../../database/DatabaseReportStore';
import { DatabaseRunStore } from '../../database/DatabaseRunStore';
import { migrate } from '../../database/migrate';
import type { RunRecord, TaskRunRecord } from '../../database/RunStore';
import { RunNotifier } from '../../notifications/RunNotifier';
import { parseJUnit } from '../../reports/parseJUnit';
import { notifyOwners } from './notifyOwners';

jest.setTimeout(60_000);

/** Records what would reach the notifications backend. */
class RecordingNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  async send(options: NotificationSendOptions) {
    this.sent.push(options);
  }
  /** "scope: title (severity)", in the order sent. */
  get summary() {
    return this.sent.map(
      s => `${s.payload.scope}: ${s.payload.title} (${s.payload.severity})`,
    );
  }
}

const SHOP_API = 'component:default/shop-api';
const NOW = Date.parse('2026-11-24T12:00:00.000Z');
/** Minutes after 11:00, an hour before "now". */
const at = (minute: number) =>
  new Date(NOW - 3_600_000 + minute * 60_000).toISOString();

/** A run's two versions as a watch sees them: running, then finished `minute + 5`. */
function versions(
  id: string,
  status: RunStatus,
  minute: number,
  overrides: Partial<RunRecord> = {},
): [RunRecord, RunRecord] {
  const running = testRunRecord(id, {
    status: 'Running',
    createdAt: at(minute),
    startedAt: at(minute),
    params: { revision: 'main' },
    revision: '3f9c2ab81d0e',
    resourceVersion: 1,
    ...overrides,
  });
  return [
    running,
    { ...running, status, completedAt: at(minute + 5), resourceVersion: 2 },
  ];
}

const taskRun = (
  runUid: string,
  pipelineTask: string,
  status: RunStatus,
  minute: number,
): TaskRunRecord => ({
  uid: `${runUid}-${pipelineTask}`,
  runUid,
  name: `${runUid}-${pipelineTask}`,
  pipelineTask,
  status,
  steps: [],
  results: {},
  startedAt: at(minute),
  completedAt: at(minute + 1),
  resourceVersion: 1,
});

describe('notifyOwners', () => {
  const databases = createTestDatabases();

  async function setUp(
    databaseId: Parameters<typeof databases.init>[0],
    options: { config?: object; optedOut?: string[] } = {},
  ) {
    const knex = await databases.init(databaseId);
    const db = await migrate(
      mockServices.database({ knex, migrations: { skip: false } }),
    );
    const store = new DatabaseRunStore(db);
    const reports = new DatabaseReportStore(db);
    const notifications = new RecordingNotifications();
    const logger = mockServices.logger.mock();
    /** One replica's tracker: its own store writer and handler, all sharing `notifications`. */
    const tracker = (writer: DatabaseRunStore = store) => {
      const handler = notifyOwners(
        new RunNotifier({
          notifications,
          runs: writer,
          reports,
          isOptedOut: async ref => !!options.optedOut?.includes(ref),
          logger,
          appBaseUrl: 'http://portal.test/',
        }),
        {
          config: new ConfigReader(options.config ?? {}),
          logger,
          settleMs: 0,
          now: () => NOW,
        },
      );
      return async (runs: RunRecord[]) => {
        const changes = await writer.upsertRuns(runs);
        await handler.runsChanged?.(changes);
      };
    };
    return { db, store, reports, notifications, logger, tracker };
  }

  it.each(databases.eachSupportedId())(
    'notifies each failure once and the recovery once, however often the events come, on %p',
    async databaseId => {
      const { store, notifications, logger, tracker } = await setUp(databaseId);
      const track = tracker();

      const [running, failed] = versions('r1', 'Failed', 0);
      await store.upsertTaskRuns([
        taskRun('r1', 'build', 'Succeeded', 0),
        taskRun('r1', 'unit-tests', 'Failed', 1),
        taskRun('r1', 'lint', 'Failed', 2),
      ]);
      // The watch, a relist and a reconnect replaying the same events.
      await track([running]);
      await track([failed]);
      await track([running, failed]);
      await track([failed]);
      // A newer version of the failed run (a label changed): a change, not a transition.
      await track([{ ...failed, resourceVersion: 3 }]);
      expect(notifications.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: SHOP_API },
          payload: {
            title: 'shop-api: pr-pipeline failed',
            description:
              'Run pr-pipeline-r1 (main @ 3f9c2ab) failed in task unit-tests.',
            link: 'http://portal.test/catalog/default/component/shop-api/pipelines/runs/r1',
            severity: 'high',
            topic: 'tekton-dag',
            scope: `tekton-dag:${SHOP_API}:pr-pipeline`,
            metadata: {
              entityRef: SHOP_API,
              pipeline: 'pr-pipeline',
              runId: 'r1',
              runName: 'pr-pipeline-r1',
              status: 'Failed',
              revision: '3f9c2ab81d0e',
              failingTask: 'unit-tests',
            },
          },
        },
      ]);

      // Another failure (a time-out) updates the same notification; a cancelled run says
      // nothing; the success after them is "fixed", once.
      const timedOut = versions('r2', 'TimedOut', 10, {
        message:
          'PipelineRun "pr-pipeline-r2" failed to finish within "1h0m0s"',
      });
      const cancelled = versions('r3', 'Cancelled', 20);
      const fixed = versions('r4', 'Succeeded', 30);
      const again = versions('r5', 'Succeeded', 40);
      for (const run of [timedOut, cancelled, fixed, again]) {
        await track(run);
        await track(run);
      }
      await track([...fixed, ...again]);
      expect(notifications.summary).toEqual([
        `tekton-dag:${SHOP_API}:pr-pipeline: shop-api: pr-pipeline failed (high)`,
        `tekton-dag:${SHOP_API}:pr-pipeline: shop-api: pr-pipeline timed out (high)`,
        `tekton-dag:${SHOP_API}:pr-pipeline: shop-api: pr-pipeline fixed (low)`,
      ]);
      // Without task runs, Tekton's message says what happened.
      expect(notifications.sent[1].payload.description).toBe(
        'Run pr-pipeline-r2 (main @ 3f9c2ab) timed out. PipelineRun "pr-pipeline-r2" failed to finish within "1h0m0s"',
      );
      expect(notifications.sent[2].payload).toMatchObject({
        description:
          'Run pr-pipeline-r4 (main @ 3f9c2ab) succeeded after a failure.',
        link: 'http://portal.test/catalog/default/component/shop-api/pipelines/runs/r4',
        scope: `tekton-dag:${SHOP_API}:pr-pipeline`,
      });

      // Other pipelines and entities have their own notification; a first success is no news.
      await track(versions('n1', 'Succeeded', 41, { pipeline: 'nightly' }));
      await track(
        versions('w1', 'Failed', 42, {
          entityRef: 'component:default/shop-web',
        }),
      );
      expect(notifications.summary.slice(3)).toEqual([
        'tekton-dag:component:default/shop-web:pr-pipeline: shop-web: pr-pipeline failed (high)',
      ]);
      expect(logger.warn).not.toHaveBeenCalled();
    },
  );

  it.each(databases.eachSupportedId())(
    'notifies once when two trackers report the same runs at once, on %p',
    async databaseId => {
      const { db, notifications, logger, tracker } = await setUp(databaseId);
      // Two replicas: two store writers, on PostgreSQL two connection pools to one database.
      const second: Knex =
        db.client.config.client === 'pg'
          ? knexFactory({
              client: 'pg',
              connection: db.client.config.connection,
              pool: { min: 0, max: 4 },
            })
          : db;
      const replicas = [tracker(), tracker(new DatabaseRunStore(second))];
      try {
        const entities = Array.from(
          { length: 10 },
          (_, i) => `component:default/service-${i}`,
        );
        const failures = entities.map((entityRef, i) =>
          versions(`f${i}`, 'Failed', 0, { entityRef }),
        );
        const successes = entities.map((entityRef, i) =>
          versions(`s${i}`, 'Succeeded', 10, { entityRef }),
        );
        for (const round of [failures, successes]) {
          // Each replica writes every version, in its own order, all at once.
          await Promise.all(
            replicas.map(async (track, r) => {
              for (const v of [0, 1]) {
                const batch = round.map(run => run[v]);
                if (r === 1) batch.reverse();
                await track(batch);
              }
            }),
          );
        }
        expect([...notifications.summary].sort()).toEqual(
          entities
            .flatMap(ref => {
              const name = ref.split('/')[1];
              return [
                `tekton-dag:${ref}:pr-pipeline: ${name}: pr-pipeline failed (high)`,
                `tekton-dag:${ref}:pr-pipeline: ${name}: pr-pipeline fixed (low)`,
              ];
            })
            .sort(),
        );
        expect(logger.warn).not.toHaveBeenCalled();
      } finally {
        if (second !== db) await second.destroy();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'names the first failing test when a report has one, on %p',
    async databaseId => {
      const { store, reports, notifications, tracker } = await setUp(
        databaseId,
      );
      const track = tracker();
      const [running, failed] = versions('r1', 'Failed', 0);
      await store.upsertTaskRuns([
        taskRun('r1', 'build', 'Succeeded', 0),
        taskRun('r1', 'unit-tests', 'Failed', 1),
      ]);
      // Reports of two tasks: the failing task's comes first, its first failed test.
      const junit = (xml: string) =>
        parseJUnit([xml], { maxBytes: 1_000_000, maxOutputBytes: 10_000 });
      await reports.saveReport({
        runUid: 'r1',
        pipelineTask: 'a-lint',
        source: 'upload',
        report: await junit(
          `<testsuite name="eslint"><testcase classname="eslint" name="src/index.ts"><failure message="no-unused-vars"/></testcase></testsuite>`,
        ),
      });
      await reports.saveReport({
        runUid: 'r1',
        pipelineTask: 'unit-tests',
        source: 'upload',
        report: await junit(
          `<testsuites name="jest tests">
            <testsuite name="search">
              <testcase classname="search" name="finds products"/>
              <testcase classname="search" name="returns suggestions">
                <failure message="expected 3, got 2&#10;at search.test.ts:12">trace</failure>
              </testcase>
              <testcase classname="search" name="pages results"><error message="timeout"/></testcase>
            </testsuite>
          </testsuites>`,
        ),
      });
      await track([running]);
      await track([failed]);
      expect(notifications.sent.map(s => s.payload.description)).toEqual([
        'Run pr-pipeline-r1 (main @ 3f9c2ab) failed in task unit-tests. First failing test: unit-tests: search › returns suggestions (expected 3, got 2)',
      ]);

      // A run whose failing task has no report: another task's failing test.
      const [running2, failed2] = versions('r2', 'Failed', 10, {
        revision: undefined,
        params: {},
      });
      await store.upsertTaskRuns([taskRun('r2', 'deploy', 'Failed', 11)]);
      await reports.saveReport({
        runUid: 'r2',
        pipelineTask: 'e2e',
        source: 'upload',
        report: await junit(
          `<testsuite name="checkout"><testcase classname="CheckoutIT" name="pays"><failure>AssertionError: 402 != 200&#10;  at CheckoutIT.java:7</failure></testcase></testsuite>`,
        ),
      });
      await track([running2, failed2]);
      expect(notifications.sent[1].payload.description).toBe(
        'Run pr-pipeline-r2 failed in task deploy. First failing test: e2e: checkout › pays (AssertionError: 402 != 200)',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'sends nothing for an entity that opted out or when turned off, on %p',
    async databaseId => {
      const optedOut = await setUp(databaseId, { optedOut: [SHOP_API] });
      const track = optedOut.tracker();
      await track(versions('r1', 'Failed', 0));
      await track(versions('r2', 'Succeeded', 10));
      await track(
        versions('w1', 'Failed', 0, {
          entityRef: 'component:default/shop-web',
        }),
      );
      expect(optedOut.notifications.summary).toEqual([
        'tekton-dag:component:default/shop-web:pr-pipeline: shop-web: pr-pipeline failed (high)',
      ]);

      const off = await setUp(databaseId, {
        config: { tektonDag: { notifications: { enabled: false } } },
      });
      const trackOff = off.tracker();
      await trackOff(versions('x1', 'Failed', 0));
      await trackOff(versions('x2', 'Succeeded', 10));
      expect(off.notifications.sent).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'tells about runs first seen finished only if they finished within the hour, on %p',
    async databaseId => {
      const { notifications, tracker } = await setUp(databaseId);
      const track = tracker();
      // The portal's first list of a cluster: yesterday's failure is history, not news.
      const yesterday = {
        createdAt: '2026-11-23T09:00:00.000Z',
        completedAt: '2026-11-23T09:05:00.000Z',
      };
      await track([
        { ...versions('old', 'Failed', 0)[1], ...yesterday },
        {
          ...versions('new', 'Failed', 0)[1],
          entityRef: 'component:default/a',
        },
        // Runs without an entity have nobody to tell.
        { ...versions('none', 'Failed', 0)[1], entityRef: undefined },
      ]);
      expect(notifications.summary).toEqual([
        'tekton-dag:component:default/a:pr-pipeline: a: pr-pipeline failed (high)',
      ]);
    },
  );

  it('logs what it could not send and goes on', async () => {
    const logger = mockServices.logger.mock();
    const runFinished = jest
      .fn()
      .mockRejectedValueOnce(new Error('notifications backend unavailable'))
      .mockResolvedValue('failed');
    const handler = notifyOwners(
      { runFinished },
      { config: new ConfigReader({}), logger, settleMs: 0, now: () => NOW },
    );
    const [, first] = versions('r1', 'Failed', 0);
    const [, second] = versions('r2', 'Failed', 1, {
      entityRef: 'component:default/a',
    });
    await expect(
      handler.runsChanged!([
        { run: second, previousStatus: 'Running' },
        { run: first, previousStatus: 'Running' },
      ]),
    ).resolves.toBeUndefined();
    // In the order they finished.
    expect(runFinished.mock.calls.map(([run]) => run.id)).toEqual(['r1', 'r2']);
    expect(logger.warn).toHaveBeenCalledWith(
      `Could not notify the owners of ${SHOP_API} about run pr-pipeline-r1`,
      expect.objectContaining({ message: 'notifications backend unavailable' }),
    );
  });
});
