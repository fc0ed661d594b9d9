import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { RunStore } from './RunStore';

const migrationsDir = resolvePackagePath(
  '@tekton-dag/plugin-tekton-dag-backend',
  'migrations',
);

/** The run history in the portal database (SQLite in development, PostgreSQL in production). */
export class DatabaseRunStore implements RunStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseRunStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRunStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async checkConnection(): Promise<void> {
    await this.db.raw('select 1');
  }
}
