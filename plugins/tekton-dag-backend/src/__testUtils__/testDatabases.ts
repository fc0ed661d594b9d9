import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases every database test runs on: SQLite always, PostgreSQL when a server is named
 * by `TEKTON_DAG_TEST_POSTGRES` (a connection string, e.g. postgresql://postgres@127.0.0.1:5432)
 * or by Backstage's own `BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING` variables.
 * Never Docker: the machines this runs on have none.
 */
export function createTestDatabases(): TestDatabases {
  const fromProject = process.env.TEKTON_DAG_TEST_POSTGRES;
  // Backstage's ids carry a version label; the label does not pick the server, the URL does.
  if (
    fromProject &&
    !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ) {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING =
      fromProject;
  }
  const ids: TestDatabaseId[] = [
    'POSTGRES_18',
    'POSTGRES_17',
    'POSTGRES_16',
    'POSTGRES_15',
    'POSTGRES_14',
    'POSTGRES_13',
    'SQLITE_3',
  ];
  return TestDatabases.create({ ids, disableDocker: true });
}
