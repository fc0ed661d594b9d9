import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseRunStore } from './DatabaseRunStore';

jest.setTimeout(60_000);

describe('DatabaseRunStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'migrates up and answers on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      await expect(store.checkConnection()).resolves.toBeUndefined();
      expect(await knex.schema.hasTable('tekton_dag_runs')).toBe(true);
      expect(
        await knex.schema.hasColumn('tekton_dag_task_runs', 'run_uid'),
      ).toBe(true);
    },
  );
});
