import { mockServices } from '@backstage/backend-test-utils';
import { testRunRecord } from '../__testUtils__/runRecord';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseLogStore } from '../database/DatabaseLogStore';
import { DatabaseReportStore } from '../database/DatabaseReportStore';
import { DatabaseRunStore } from '../database/DatabaseRunStore';
import type { RunRecord } from '../database/RunStore';
import { migrate } from '../database/migrate';
import { parseJUnit } from '../reports/parseJUnit';
import { cleanHistory, HistoryStores } from './cleanHistory';

jest.setTimeout(60_000);

const run = (
  id: string,
  createdAt: string,
  overrides: Partial<RunRecord> = {},
): RunRecord => testRunRecord(id, { name: id, createdAt, ...overrides });

const report = (cases: number) =>
  parseJUnit(
    [
      `<testsuite name="s">${Array.from(
        { length: cases },
        (_, i) => `<testcase name="t${i}"/>`,
      ).join('')}</testsuite>`,
    ],
    { maxBytes: 1e6, maxOutputBytes: 1e4 },
  );

describe('the history cleaner', () => {
  const databases = createTestDatabases();

  async function createStores(
    databaseId: Parameters<typeof databases.init>[0],
  ): Promise<HistoryStores> {
    const knex = await databases.init(databaseId);
    const db = await migrate(
      mockServices.database({ knex, migrations: { skip: false } }),
    );
    return {
      db,
      runs: new DatabaseRunStore(db),
      logs: new DatabaseLogStore(db, 1024 * 1024),
      reports: new DatabaseReportStore(db),
    };
  }

  const count = async (stores: HistoryStores, table: string) =>
    Number((await stores.db(table).count({ n: '*' }))[0].n);

  it.each(databases.eachSupportedId())(
    'deletes by age and by count per pipeline, never running runs, on %p',
    async databaseId => {
      const stores = await createStores(databaseId);
      await stores.runs.upsertRuns([
        run('old', '2026-01-01T00:00:00.000Z'),
        run('old-running', '2026-01-02T00:00:00.000Z', { status: 'Running' }),
        run('a1', '2026-11-20T00:00:00.000Z'),
        run('a2', '2026-11-21T00:00:00.000Z'),
        run('a3', '2026-11-22T00:00:00.000Z'),
        run('b1', '2026-11-20T00:00:00.000Z', { pipeline: 'nightly' }),
      ]);

      expect(
        await cleanHistory(stores, {
          olderThan: new Date('2026-06-01T00:00:00Z'),
        }),
      ).toMatchObject({ runs: 1 });
      expect(await stores.runs.getRun('old')).toBeUndefined();
      expect(await stores.runs.getRun('old-running')).toBeDefined();

      expect(await cleanHistory(stores, { keepPerPipeline: 2 })).toMatchObject({
        runs: 1,
      });
      const left = (await stores.runs.listRuns({}, { limit: 50 })).items
        .map(r => r.id)
        .sort();
      // a1 is the third newest pr-pipeline run that has finished; old-running is still running.
      expect(left).toEqual(['a2', 'a3', 'b1', 'old-running']);
      // Without limits, no run is deleted.
      expect(await cleanHistory(stores, {})).toMatchObject({ runs: 0 });
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes a run with its task runs, logs, reports and test cases, on %p',
    async databaseId => {
      const stores = await createStores(databaseId);
      for (const id of ['gone', 'kept']) {
        const createdAt =
          id === 'gone'
            ? '2026-01-01T00:00:00.000Z'
            : '2026-11-20T00:00:00.000Z';
        await stores.runs.upsertRuns([run(id, createdAt)]);
        await stores.runs.upsertTaskRuns([
          {
            uid: `${id}-unit`,
            runUid: id,
            name: `${id}-unit-tests`,
            pipelineTask: 'unit-tests',
            status: 'Succeeded',
            steps: [{ name: 'test', status: 'Succeeded' }],
            results: {},
            resourceVersion: 1,
          },
        ]);
        await stores.logs.archive({
          taskRunUid: `${id}-unit`,
          runUid: id,
          step: 'test',
          text: 'ok\n',
        });
        await stores.reports.saveReport({
          runUid: id,
          pipelineTask: 'unit-tests',
          source: 'upload',
          report: await report(3),
        });
      }
      expect(await count(stores, 'tekton_dag_test_cases')).toBe(6);

      await cleanHistory(stores, { olderThan: new Date('2026-06-01') });

      expect(await stores.runs.getRun('gone')).toBeUndefined();
      expect(await stores.reports.getRunReports('gone')).toEqual([]);
      expect(await stores.logs.get('gone-unit', 'test')).toBeUndefined();
      // Nothing of it is left behind (before, test reports and cases stayed forever).
      expect(
        await stores.db('tekton_dag_test_reports').where({ run_uid: 'gone' }),
      ).toEqual([]);
      expect(await count(stores, 'tekton_dag_test_cases')).toBe(3);
      expect(await count(stores, 'tekton_dag_task_runs')).toBe(1);
      // The other run keeps everything.
      expect(await stores.reports.getRunReports('kept')).toHaveLength(1);
      expect(await stores.logs.get('kept-unit', 'test')).toEqual({
        text: 'ok\n',
        truncated: false,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'sweeps reports whose run never came a day later, and abandoned uploads, on %p',
    async databaseId => {
      const stores = await createStores(databaseId);
      await stores.runs.upsertRuns([
        run('recorded', '2026-11-20T00:00:00.000Z'),
      ]);
      for (const runUid of ['recorded', 'never-recorded', 'not-yet-recorded'])
        await stores.reports.saveReport({
          runUid,
          pipelineTask: 'unit-tests',
          source: 'upload',
          report: await report(2),
        });
      // Two reports arrived two days ago; one of their runs was never recorded.
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
      await stores
        .db('tekton_dag_test_reports')
        .whereIn('run_uid', ['recorded', 'never-recorded'])
        .update({ received_at: twoDaysAgo });
      // An upload whose replica died half-way: pending, its heartbeat long stopped.
      const [abandoned] = await stores
        .db('tekton_dag_test_reports')
        .insert({
          run_uid: 'recorded',
          pipeline_task: 'integration-tests',
          source: 'upload',
          state: 'pending',
          tests: 0,
          passed: 0,
          failed: 0,
          errored: 0,
          skipped: 0,
          duration_ms: 0,
          suites: '[]',
          received_at: twoDaysAgo,
          heartbeat_at: twoDaysAgo,
        })
        .returning('id');
      await stores.db('tekton_dag_test_cases').insert({
        report_id: typeof abandoned === 'object' ? abandoned.id : abandoned,
        run_uid: 'recorded',
        test_key: 'k',
        suite: 's',
        class_name: '',
        name: 'half-way',
        status: 'passed',
        duration_ms: 1,
      });

      expect(await cleanHistory(stores, {})).toEqual({
        runs: 0,
        orphanReports: 1,
        abandonedUploads: 1,
      });
      const left = await stores
        .db('tekton_dag_test_reports')
        .select('run_uid', 'pipeline_task', 'state')
        .orderBy('run_uid');
      expect(left).toEqual([
        {
          run_uid: 'not-yet-recorded',
          pipeline_task: 'unit-tests',
          state: 'ready',
        },
        { run_uid: 'recorded', pipeline_task: 'unit-tests', state: 'ready' },
      ]);
      expect(await count(stores, 'tekton_dag_test_cases')).toBe(4);
    },
  );
});
