/* eslint-disable no-console */
import os from 'os';
import path from 'path';
import fs from 'fs';
import knexFactory, { Knex } from 'knex';

/**
 * Runs a measurement on a fresh SQLite file, then on a fresh PostgreSQL database when the
 * server answers (TEKTON_DAG_TEST_POSTGRES, default postgresql://postgres@127.0.0.1:5432),
 * and removes both afterwards.
 */
export async function onEachDatabase(
  measure: (name: string, knex: Knex) => Promise<void>,
  options: { only?: 'sqlite' | 'postgres' } = {},
) {
  if (options.only !== 'postgres') await onSqlite(measure);
  if (options.only !== 'sqlite') await onPostgres(measure);
}

async function onSqlite(measure: (name: string, knex: Knex) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  try {
    await measure('SQLite', sqlite);
  } finally {
    await sqlite.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(
  measure: (name: string, knex: Knex) => Promise<void>,
) {
  const url =
    process.env.TEKTON_DAG_TEST_POSTGRES ??
    'postgresql://postgres@127.0.0.1:5432';
  const admin = knexFactory({ client: 'pg', connection: `${url}/postgres` });
  const database = `tekton_dag_bench_${process.pid}`;
  try {
    await admin.raw(`create database ${database}`);
  } catch (error) {
    console.log(`PostgreSQL: skipped (${(error as Error).message})`);
    await admin.destroy();
    return;
  }
  const pg = knexFactory({ client: 'pg', connection: `${url}/${database}` });
  try {
    await measure('PostgreSQL', pg);
  } finally {
    await pg.destroy();
    await admin.raw(`drop database ${database}`);
    await admin.destroy();
  }
}
