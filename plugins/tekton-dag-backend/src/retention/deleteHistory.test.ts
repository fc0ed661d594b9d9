import { mockServices } from '@backstage/backend-test-utils';
import { testRunRecord } from '../__testUtils__/runRecord';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseRunStore } from '../store/DatabaseRunStore';
import type { RunRecord } from '../store/RunStore';

jest.setTimeout(60_000);

const run = (
  id: string,
  createdAt: string,
  overrides: Partial<RunRecord> = {},
): RunRecord => testRunRecord(id, { name: id, createdAt, ...overrides });

describe('history retention', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'deletes by age and by count per pipeline, never running runs, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      await store.upsertRuns([
        run('old', '2026-01-01T00:00:00.000Z'),
        run('old-running', '2026-01-02T00:00:00.000Z', { status: 'Running' }),
        run('a1', '2026-11-20T00:00:00.000Z'),
        run('a2', '2026-11-21T00:00:00.000Z'),
        run('a3', '2026-11-22T00:00:00.000Z'),
        run('b1', '2026-11-20T00:00:00.000Z', { pipeline: 'nightly' }),
      ]);
      await store.upsertTaskRuns([
        {
          uid: 't-old',
          runUid: 'old',
          name: 't',
          pipelineTask: 't',
          status: 'Succeeded',
          steps: [],
          results: {},
          resourceVersion: 1,
        },
      ]);

      expect(
        await store.deleteHistory({
          olderThan: new Date('2026-06-01T00:00:00Z'),
        }),
      ).toBe(1);
      expect(await store.getRun('old')).toBeUndefined();
      expect(
        await knex('tekton_dag_task_runs').where({ run_uid: 'old' }),
      ).toHaveLength(0);
      expect(await store.getRun('old-running')).toBeDefined();

      expect(await store.deleteHistory({ keepPerPipeline: 2 })).toBe(1);
      const left = (await store.listRuns({}, { limit: 50 })).items
        .map(r => r.id)
        .sort();
      // a1 is the third newest pr-pipeline run that has finished; old-running is still running.
      expect(left).toEqual(['a2', 'a3', 'b1', 'old-running']);
    },
  );
});
