/* eslint-disable no-console */
/**
 * Test report benchmark: a 100,000-case JUnit file of about 50 MB, streamed through the parser
 * and stored, on SQLite and (when reachable) PostgreSQL. Prints seconds and peak RSS.
 * Target: under 3 s and under 200 MB RSS.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/reports.ts
 */
import { spawnSync } from 'child_process';
import type { Knex } from 'knex';
import { onEachDatabase } from './benchDatabases';
import { DatabaseRunStore } from '../plugins/tekton-dag-backend/src/database/DatabaseRunStore';
import { parseJUnit } from '../plugins/tekton-dag-backend/src/reports/parseJUnit';
import { DatabaseReportStore } from '../plugins/tekton-dag-backend/src/database/DatabaseReportStore';

const CASES = 100_000;
const OUTPUT = 'x'.repeat(360);

/** The report, generated in ~64 KB chunks as an upload arrives. */
function* report(): Generator<Buffer> {
  yield Buffer.from('<?xml version="1.0"?>\n<testsuites>\n');
  let chunk = '';
  for (let i = 0; i < CASES; i++) {
    if (i % 1000 === 0)
      chunk += `${i ? '</testsuite>\n' : ''}<testsuite name="suite-${
        i / 1000
      }">\n`;
    const failed = i % 97 === 0;
    chunk += `<testcase classname="com.example.shop.Module${
      i % 50
    }" name="behaves correctly in case ${i}" time="0.0${i % 10}">${
      failed
        ? `<failure message="expected 3 but was 4" type="AssertionError">at Module.test(Module.java:${i})</failure>`
        : ''
    }<system-out>${OUTPUT}</system-out></testcase>\n`;
    if (chunk.length > 64 * 1024) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  yield Buffer.from(`${chunk}</testsuite>\n</testsuites>\n`);
}

async function measure(name: string, knex: Knex) {
  await DatabaseRunStore.create({
    database: { getClient: async () => knex, migrations: { skip: false } },
  } as any);
  const store = new DatabaseReportStore(knex);
  if (global.gc) global.gc();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let bytes = 0;
  const counted = (function* counting() {
    for (const chunk of report()) {
      bytes += chunk.length;
      yield chunk;
    }
  })();
  const started = performance.now();
  // As the upload route does: cases are inserted in batches while the XML is read, in one
  // transaction, so the report is never held whole.
  const totals = await store.storeReport({
    runUid: `bench-${name}`,
    pipelineTask: 'unit-tests',
    source: 'upload',
    parse: onCases =>
      parseJUnit(counted, {
        maxBytes: 100 * 1024 * 1024,
        maxOutputBytes: 64 * 1024,
        onCases,
      }),
  });
  const done = performance.now();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${name}: ${(bytes / 1024 / 1024).toFixed(1)} MB, ${totals.tests} cases (${
      totals.failed
    } failed): parsed and stored in ${((done - started) / 1000).toFixed(
      2,
    )} s; peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB (${(
      rssBefore /
      1024 /
      1024
    ).toFixed(0)} MB before)`,
  );
}

// Each database in a process of its own, so one's memory does not count against the other.
const only = process.argv
  .find(arg => arg.startsWith('--database='))
  ?.slice('--database='.length) as 'sqlite' | 'postgres' | undefined;
if (only) {
  onEachDatabase(measure, { only }).catch(error => {
    console.error(error);
    process.exit(1);
  });
} else {
  for (const database of ['sqlite', 'postgres']) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, __filename, `--database=${database}`],
      { stdio: 'inherit' },
    );
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}
