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

      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('tekton_dag_task_runs')).toBe(false);
      expect(await knex.schema.hasTable('tekton_dag_runs')).toBe(false);
    },
  );

  // Status filters use their index; on PostgreSQL the free-text search uses its trigram index
  // too (the store's expression and the migration's must match), SQLite has none and scans.
  it.each(databases.eachSupportedId())(
    'give the list queries their indexes on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const postgres = databaseId.startsWith('POSTGRES');
      const [searchPlan, statusPlan] = await knex.transaction(async tx => {
        if (postgres) await tx.raw('set local enable_seqscan = off');
        const explain = async (sql: string, bindings: string[] = []) => {
          const result = await tx.raw(
            `${postgres ? 'explain' : 'explain query plan'} ${sql}`,
            bindings,
          );
          return JSON.stringify(postgres ? result.rows : result);
        };
        return [
          await explain(
            `select uid from tekton_dag_runs where ${SEARCH_TEXT} like ? escape '\\'`,
            ['%deadbeef%'],
          ),
          await explain(
            `select uid from tekton_dag_runs where status = 'Running' order by created_at desc, uid desc limit 20`,
          ),
        ];
      });
      expect(statusPlan).toContain('tekton_dag_runs_status_idx');
      expect(searchPlan.includes('tekton_dag_runs_search_idx')).toBe(postgres);
    },
  );
});
