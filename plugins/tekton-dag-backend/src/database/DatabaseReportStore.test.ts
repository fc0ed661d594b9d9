import fs from 'fs';
import path from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import { testRunRecord } from '../__testUtils__/runRecord';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseRunStore } from './DatabaseRunStore';
import { parseJUnit } from '../reports/parseJUnit';
import { DatabaseReportStore, testKey } from './DatabaseReportStore';

jest.setTimeout(60_000);

const limits = { maxBytes: 20 * 1024 * 1024, maxOutputBytes: 64 * 1024 };

describe('DatabaseReportStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'keeps a run’s reports per task, replacing a re-upload whole, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // The run store's migrations create the report tables too.
      await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const store = new DatabaseReportStore(knex);
      const surefire = await parseJUnit(
        [
          fs.readFileSync(
            path.join(
              __dirname,
              '..',
              'reports',
              '__fixtures__',
              'surefire.xml',
            ),
          ),
        ],
        limits,
      );
      // A report for a run not recorded yet is kept (no foreign key) under its UID.
      await store.saveReport({
        runUid: 'run-1',
        pipelineTask: 'unit-tests',
        source: 'upload',
        report: surefire,
        coverage: { lines: { pct: 81.5 } },
      });
      const [unit] = await store.getRunReports('run-1');
      expect(unit).toMatchObject({
        pipelineTask: 'unit-tests',
        totals: { tests: 3, passed: 1, failed: 1, errored: 1, durationMs: 412 },
        coverage: { lines: { pct: 81.5 } },
      });
      expect(unit.failures.map(f => [f.name, f.status])).toEqual([
        ['refusesOversell', 'failed'],
        ['talksToTheDatabase', 'errored'],
      ]);
      expect(unit.failures[0].trace).toContain('OrderServiceTest.java:42');

      // Uploading again replaces the task's report; other tasks keep theirs.
      const pytest = await parseJUnit(
        [
          fs.readFileSync(
            path.join(__dirname, '..', 'reports', '__fixtures__', 'pytest.xml'),
          ),
        ],
        limits,
      );
      await store.saveReport({
        runUid: 'run-1',
        pipelineTask: 'integration-tests',
        source: 'upload',
        report: pytest,
      });
      await store.saveReport({
        runUid: 'run-1',
        pipelineTask: 'unit-tests',
        source: 'upload',
        report: surefire,
      });
      const reports = await store.getRunReports('run-1');
      expect(reports.map(r => r.pipelineTask)).toEqual([
        'integration-tests',
        'unit-tests',
      ]);
      // The coverage uploaded earlier stays with the task's new report.
      expect(reports[1].coverage).toEqual({ lines: { pct: 81.5 } });
      expect(
        Number((await knex('tekton_dag_test_cases').count({ n: '*' }))[0].n),
      ).toBe(6);
      // Test identities for history queries.
      expect(
        await knex('tekton_dag_test_cases')
          .where({ test_key: testKey(surefire.cases[1]) })
          .count({ n: '*' }),
      ).toEqual([{ n: expect.anything() }]);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores a 5,000-case report in chunks, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const store = new DatabaseReportStore(knex);
      const xml = `<testsuite name="big">${Array.from(
        { length: 5000 },
        (_, i) =>
          `<testcase name="t${i}" classname="c" time="0.001">${
            i % 1000 === 0 ? '<failure message="boom"/>' : ''
          }</testcase>`,
      ).join('')}</testsuite>`;
      await store.saveReport({
        runUid: 'run-big',
        pipelineTask: 'unit-tests',
        source: 'upload',
        report: await parseJUnit([xml], limits),
      });
      const [report] = await store.getRunReports('run-big');
      expect(report.totals).toMatchObject({ tests: 5000, failed: 5 });
      expect(report.failures).toHaveLength(5);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores cases while parsing, and keeps nothing of a report that fails late, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const store = new DatabaseReportStore(knex);
      const cases = (count: number) =>
        Array.from(
          { length: count },
          (_, i) => `<testcase name="t${i}" classname="c" time="0.002"/>`,
        );
      // Many small chunks, so batches are inserted before the end is read.
      const chunked = function* chunked(tail: string) {
        yield '<testsuite name="s">';
        yield* cases(3000);
        yield tail;
      };
      const batches: number[] = [];
      const totals = await store.storeReport({
        runUid: 'run-s',
        pipelineTask: 'unit-tests',
        source: 'upload',
        parse: onCases =>
          parseJUnit(chunked('</testsuite>'), {
            ...limits,
            batchSize: 1000,
            onCases: async batch => {
              batches.push(batch.length);
              await onCases(batch);
            },
          }),
      });
      expect(totals).toMatchObject({
        tests: 3000,
        passed: 3000,
        durationMs: 6000,
      });
      expect(batches).toEqual([1000, 1000, 1000]);

      // Truncated at the end: the batches already inserted are rolled back, the old report stays.
      let inserted = 0;
      await expect(
        store.storeReport({
          runUid: 'run-s',
          pipelineTask: 'unit-tests',
          source: 'upload',
          parse: onCases =>
            parseJUnit(chunked('<testcase name="late"'), {
              ...limits,
              batchSize: 1000,
              onCases: async batch => {
                inserted += batch.length;
                await onCases(batch);
              },
            }),
        }),
      ).rejects.toThrow(/not well-formed XML/);
      expect(inserted).toBe(3000);
      const [report] = await store.getRunReports('run-s');
      expect(report.totals.tests).toBe(3000);
      expect(
        Number((await knex('tekton_dag_test_cases').count({ n: '*' }))[0].n),
      ).toBe(3000);
    },
  );

  it.each(databases.eachSupportedId())(
    'lists a task’s cases by status and text, failures first, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const store = new DatabaseReportStore(knex);
      await store.saveReport({
        runUid: 'run-l',
        pipelineTask: 'unit-tests',
        source: 'upload',
        report: await parseJUnit(
          [
            `<testsuite name="Cart">
              <testcase classname="CartTest" name="adds an item"/>
              <testcase classname="CartTest" name="applies 100% discount"/>
              <testcase classname="CartTest" name="applies 10_percent"><failure message="no"/></testcase>
              <testcase classname="PriceTest" name="rounds"><skipped/></testcase>
              <testcase classname="PriceTest" name="converts"><error message="boom"/></testcase>
            </testsuite>`,
          ],
          limits,
        ),
      });
      const list = (options: object) =>
        store.listTestCases({
          runUid: 'run-l',
          pipelineTask: 'unit-tests',
          limit: 100,
          offset: 0,
          ...options,
        });
      const all = await list({});
      expect(all!.total).toBe(5);
      expect(all!.items.map(c => c.name)).toEqual([
        'applies 10_percent',
        'converts',
        'adds an item',
        'applies 100% discount',
        'rounds',
      ]);
      expect((await list({ status: ['skipped', 'errored'] }))!.items).toEqual([
        expect.objectContaining({ name: 'converts', message: 'boom' }),
        expect.objectContaining({ name: 'rounds', status: 'skipped' }),
      ]);
      // The text is data: % and _ match themselves, case does not matter.
      expect((await list({ q: '100%' }))!.items.map(c => c.name)).toEqual([
        'applies 100% discount',
      ]);
      expect((await list({ q: '0_P' }))!.items.map(c => c.name)).toEqual([
        'applies 10_percent',
      ]);
      expect((await list({ q: 'pricetest' }))!.total).toBe(2);
      const second = await list({ limit: 2, offset: 2 });
      expect(second).toMatchObject({ total: 5 });
      expect(second!.items.map(c => c.name)).toEqual([
        'adds an item',
        'applies 100% discount',
      ]);
      expect(
        await store.listTestCases({
          runUid: 'run-l',
          pipelineTask: 'lint',
          limit: 10,
          offset: 0,
        }),
      ).toBeNull();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a junit-summary only where nothing was uploaded, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const store = new DatabaseReportStore(knex);
      const counts = { tests: 4, failures: 1, errors: 0, skipped: 1 };
      expect(
        await store.saveSummaryIfMissing('run-2', 'unit-tests', counts),
      ).toBe(true);
      expect(
        await store.saveSummaryIfMissing('run-2', 'unit-tests', counts),
      ).toBe(false);
      const [summary] = await store.getRunReports('run-2');
      expect(summary).toMatchObject({
        source: 'result',
        totals: { tests: 4, passed: 2, failed: 1, skipped: 1 },
        failures: [],
      });
      // An upload replaces the summary; a later summary does not replace the upload.
      await store.saveReport({
        runUid: 'run-2',
        pipelineTask: 'unit-tests',
        source: 'upload',
        report: await parseJUnit(
          ['<testsuite><testcase name="a"/></testsuite>'],
          limits,
        ),
      });
      expect(
        await store.saveSummaryIfMissing('run-2', 'unit-tests', counts),
      ).toBe(false);
      expect((await store.getRunReports('run-2'))[0]).toMatchObject({
        source: 'upload',
        totals: { tests: 1, passed: 1 },
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'gives an entity its test trend, flaky tests and slowest tests, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const runStore = await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const store = new DatabaseReportStore(knex);
      const entityRef = 'component:default/shop-api';
      // Four runs, oldest first: r1 and r2 on revision A, r3 and r4 on revision B.
      const runs = [
        { id: 'r1', revision: 'a'.repeat(40), flakyPasses: true },
        { id: 'r2', revision: 'a'.repeat(40), flakyPasses: false },
        { id: 'r3', revision: 'b'.repeat(40), flakyPasses: true },
        { id: 'r4', revision: 'b'.repeat(40), flakyPasses: true },
      ];
      await runStore.upsertRuns(
        runs.map((run, i) =>
          testRunRecord(run.id, {
            entityRef,
            status: run.flakyPasses ? 'Succeeded' : 'Failed',
            createdAt: new Date(Date.UTC(2026, 10, 24, 8, i)).toISOString(),
            revision: run.revision,
          }),
        ),
      );
      for (const run of runs) {
        const xml = `<testsuite name="orders">
          <testcase name="stable" time="0.010"/>
          <testcase name="slow" time="2.5"/>
          <testcase name="flaky" time="0.1">${
            run.flakyPasses ? '' : '<failure message="timing"/>'
          }</testcase>
          ${
            run.id === 'r4'
              ? '<testcase name="broken by B" time="0.1"><failure/></testcase>'
              : ''
          }
        </testsuite>`;
        await store.saveReport({
          runUid: run.id,
          pipelineTask: 'unit-tests',
          source: 'upload',
          report: await parseJUnit([xml], limits),
        });
      }

      const history = await store.getTestHistory(
        await runStore.listRecentRuns({ entityRef, limit: 20 }),
      );
      expect(
        history.trend.map(t => [t.runId, t.totals.passed, t.totals.failed]),
      ).toEqual([
        ['r4', 3, 1],
        ['r3', 3, 0],
        ['r2', 2, 1],
        ['r1', 3, 0],
      ]);
      // "flaky" failed and passed on revision A; "broken by B" failed on B only: not flaky.
      expect(history.flaky).toEqual([
        {
          suite: 'orders',
          className: '',
          name: 'flaky',
          failedRuns: 1,
          passedRuns: 3,
          flips: 2,
        },
      ]);
      expect(history.slowest[0]).toMatchObject({
        name: 'slow',
        averageMs: 2500,
        runs: 4,
      });
      // The window: the newest two runs only.
      const recent = await store.getTestHistory(
        await runStore.listRecentRuns({ entityRef, limit: 2 }),
      );
      expect(recent.trend.map(t => t.runId)).toEqual(['r4', 'r3']);
      expect(recent.flaky).toEqual([]);
    },
  );
});
