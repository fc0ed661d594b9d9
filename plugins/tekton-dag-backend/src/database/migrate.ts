import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@tekton-dag/plugin-tekton-dag-backend',
  'migrations',
);

/**
 * The plugin's database client, with its migrations run (unless the database service says to
 * skip them). Call it once and hand the client to the stores: knex refuses concurrent
 * migrations of one database.
 */
export async function migrate(database: DatabaseService): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}

/** For tests of the migrations themselves. */
export const MIGRATIONS_DIRECTORY = migrationsDir;
