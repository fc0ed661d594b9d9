import { mockServices } from '@backstage/backend-test-utils';
import { testRunRecord } from '../__testUtils__/runRecord';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReportStore } from '../database/DatabaseReportStore';
import { DatabaseRunStore } from '../database/DatabaseRunStore';
import type { RunRecord } from '../database/RunStore';
import { StoreBuiltByLookup, revisionsMatch } from './BuiltByLookup';

jest.setTimeout(60_000);

const SHA_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SHA_B = 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SHA_C = 'c1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SHA_D = 'd1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

const ENTITY = 'component:default/shop-api';

const run = (
  id: string,
  revision: string | undefined,
  overrides: Partial<RunRecord> = {},
): RunRecord => testRunRecord(id, { revision, ...overrides });

describe('revisionsMatch', () => {
  it.each([
    [SHA_A, SHA_A, true],
    [SHA_A, SHA_A.toUpperCase(), true],
    [SHA_A, SHA_A.slice(0, 7), true],
    [SHA_A.slice(0, 10), SHA_A, true],
    [SHA_A, SHA_A.slice(0, 6), false],
    [SHA_A, SHA_B, false],
    ['main', 'main', true],
    ['main', 'mainline', false],
  ])('%s and %s: %p', (a, b, expected) => {
    expect(revisionsMatch(a, b)).toBe(expected);
  });
});

describe('StoreBuiltByLookup', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'finds the run that built each deployed revision, with its test totals, in one go, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const reports = new DatabaseReportStore(knex);
      await store.upsertRuns([
        // SHA_A: an older success, and a newer failure. The success wins.
        run('a-old-ok', SHA_A, { createdAt: '2026-11-24T10:00:00.000Z' }),
        run('a-new-failed', SHA_A, {
          status: 'Failed',
          createdAt: '2026-11-25T10:00:00.000Z',
        }),
        // SHA_B: two successes; the newer wins. Recorded as a short SHA.
        run('b-old', SHA_B, { createdAt: '2026-11-24T11:00:00.000Z' }),
        run('b-new', SHA_B.slice(0, 8), {
          createdAt: '2026-11-24T12:00:00.000Z',
        }),
        // SHA_C: only a failure.
        run('c-failed', SHA_C, { status: 'Failed' }),
        // SHA_D is another entity's, and a run without a revision.
        run('d-other', SHA_D, { entityRef: 'component:default/shop-web' }),
        run('no-revision', undefined),
        // Too short a prefix to count.
        run('short', SHA_D.slice(0, 6)),
      ]);
      await reports.saveSummaryIfMissing('a-old-ok', 'unit-tests', {
        tests: 5,
        failures: 1,
        errors: 0,
        skipped: 1,
      });
      await reports.saveSummaryIfMissing('a-old-ok', 'integration-tests', {
        tests: 3,
        failures: 0,
        errors: 1,
        skipped: 0,
      });

      const queries: string[] = [];
      const record = (query: { sql: string }) => queries.push(query.sql);
      knex.on('query', record);
      const found = await new StoreBuiltByLookup(store, reports).findBuiltBy(
        ENTITY,
        [SHA_A, SHA_B, SHA_C, SHA_D, SHA_A],
      );
      knex.off('query', record);
      // One query for the runs, one for their totals.
      expect(queries).toHaveLength(2);

      expect(found.get(SHA_A)).toEqual({
        runId: 'a-old-ok',
        runName: 'pr-pipeline-a-old-ok',
        pipeline: 'pr-pipeline',
        status: 'Succeeded',
        createdAt: '2026-11-24T10:00:00.000Z',
        totals: {
          tests: 8,
          passed: 5,
          failed: 1,
          errored: 1,
          skipped: 1,
          durationMs: 0,
        },
      });
      expect(found.get(SHA_B)).toMatchObject({ runId: 'b-new' });
      expect(found.get(SHA_B)).not.toHaveProperty('totals');
      expect(found.get(SHA_C)).toMatchObject({
        runId: 'c-failed',
        status: 'Failed',
      });
      expect(found.has(SHA_D)).toBe(false);

      // A deployed short SHA finds the run that recorded the full one.
      const short = await new StoreBuiltByLookup(store, reports).findBuiltBy(
        ENTITY,
        [SHA_C.slice(0, 7)],
      );
      expect(short.get(SHA_C.slice(0, 7))).toMatchObject({
        runId: 'c-failed',
      });
      expect(
        (await new StoreBuiltByLookup(store, reports).findBuiltBy(ENTITY, []))
          .size,
      ).toBe(0);
    },
  );
});
