import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { SEARCH_TEXT } from './DatabaseRunStore';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@tekton-dag/plugin-tekton-dag-backend',
  'migrations',
);

describe('migrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'go up and down cleanly on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });

      const now = new Date();
      await knex('tekton_dag_runs').insert({
        uid: 'run-1',
        cluster: 'local',
        namespace: 'shop',
        name: 'pr-pipeline-abcde',
        pipeline: 'pr-pipeline',
        status: 'Running',
        trigger_kind: 'portal',
        params: '{}',
        results: '{}',
        conditions: '[]',
        created_at: now,
        updated_at: now,
      });
      await knex('tekton_dag_task_runs').insert({
        uid: 'task-1',
        run_uid: 'run-1',
        name: 'pr-pipeline-abcde-clone',
        pipeline_task: 'clone',
        status: 'Succeeded',
        steps: '[]',
        results: '{}',
        updated_at: now,
      });
      expect(
        await knex('tekton_dag_task_runs').where({ run_uid: 'run-1' }),
      ).toHaveLength(1);

      // The list indexes exist, and on PostgreSQL the free-text search can use its trigram
      // index (the store's expression and the migration's must match).
      if (databaseId.startsWith('POSTGRES')) {
        await knex.transaction(async tx => {
          await tx.raw('set local enable_seqscan = off');
          const plan = await tx.raw(
            `explain select uid from tekton_dag_runs where ${SEARCH_TEXT} like ? escape '\\'`,
            ['%deadbeef%'],
          );
          expect(JSON.stringify(plan.rows)).toContain(
            'tekton_dag_runs_search_idx',
          );
          const status = await tx.raw(
            `explain select uid from tekton_dag_runs where status = 'Running' order by created_at desc, uid desc limit 20`,
          );
          expect(JSON.stringify(status.rows)).toContain(
            'tekton_dag_runs_status_idx',
          );
        });
      }

      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('tekton_dag_task_runs')).toBe(false);
      expect(await knex.schema.hasTable('tekton_dag_runs')).toBe(false);
    },
  );
});
