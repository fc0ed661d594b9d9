import { mockServices } from '@backstage/backend-test-utils';
import { testRunRecord } from '../__testUtils__/runRecord';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseReportStore } from '../database/DatabaseReportStore';
import { DatabaseRunStore } from '../database/DatabaseRunStore';
import type { RunRecord } from '../database/RunStore';
import {
  builderOf,
  deploymentKey,
  StoreBuiltByLookup,
  revisionsMatch,
} from './BuiltByLookup';

jest.setTimeout(60_000);

const SHA_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SHA_B = 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SHA_C = 'c1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const SHA_D = 'd1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

const ENTITY = 'component:default/shop-api';

/** A run at a revision, finished five minutes after it was created. */
const run = (
  id: string,
  revision: string | undefined,
  overrides: Partial<RunRecord> = {},
): RunRecord => {
  const createdAt = overrides.createdAt ?? '2026-11-24T10:00:00.000Z';
  return testRunRecord(id, {
    revision,
    createdAt,
    completedAt: new Date(Date.parse(createdAt) + 300_000).toISOString(),
    ...overrides,
  });
};

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

describe('builderOf', () => {
  const at = (
    id: string,
    status: 'Succeeded' | 'Failed',
    completedAt?: string,
  ) => ({
    uid: id,
    name: id,
    pipeline: 'pr-pipeline',
    status,
    revision: SHA_A,
    createdAt: '2026-11-24T06:00:00.000Z',
    completedAt,
  });
  // Newest first, as the store answers.
  const runs = [
    at('later-ok', 'Succeeded', '2026-11-24T08:40:00Z'),
    at('running', 'Succeeded', undefined),
    at('early-failed', 'Failed', '2026-11-24T06:35:00Z'),
    at('early-ok', 'Succeeded', '2026-11-24T06:30:00Z'),
  ];

  it('credits a deployment to the latest successful run that finished before it, not a later one', () => {
    expect(builderOf(runs, '2026-11-24T06:40:00Z')?.uid).toBe('early-ok');
    expect(builderOf(runs, '2026-11-24T09:00:00Z')?.uid).toBe('later-ok');
    // Finished in the second it was deployed: before enough (whole-second times).
    expect(builderOf(runs, '2026-11-24T08:40:00Z')?.uid).toBe('later-ok');
  });

  it('credits no run when none had finished, and a failed one only when no success had', () => {
    expect(builderOf(runs, '2026-11-24T06:00:00Z')).toBeUndefined();
    expect(builderOf(runs.slice(0, 3), '2026-11-24T06:40:00Z')?.uid).toBe(
      'early-failed',
    );
    expect(builderOf([], '2026-11-24T06:40:00Z')).toBeUndefined();
  });

  it('counts any finished run when the deployment time is unknown', () => {
    expect(builderOf(runs)?.uid).toBe('later-ok');
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
      // Deployed long after every run (or at an unknown time): any finished run counts.
      const found = await new StoreBuiltByLookup(store, reports).findBuiltBy(
        ENTITY,
        [
          { revision: SHA_A },
          { revision: SHA_B, deployedAt: '2026-12-01T00:00:00Z' },
          { revision: SHA_C },
          { revision: SHA_D },
          { revision: SHA_A },
        ],
      );
      knex.off('query', record);
      // One query for the runs, one for their totals.
      expect(queries).toHaveLength(2);

      expect(found.get(deploymentKey({ revision: SHA_A }))).toEqual({
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
      const b = found.get(
        deploymentKey({ revision: SHA_B, deployedAt: '2026-12-01T00:00:00Z' }),
      );
      expect(b).toMatchObject({ runId: 'b-new' });
      expect(b).not.toHaveProperty('totals');
      expect(found.get(deploymentKey({ revision: SHA_C }))).toMatchObject({
        runId: 'c-failed',
        status: 'Failed',
      });
      expect(found.has(deploymentKey({ revision: SHA_D }))).toBe(false);

      // A deployed short SHA finds the run that recorded the full one.
      const short = await new StoreBuiltByLookup(store, reports).findBuiltBy(
        ENTITY,
        [{ revision: SHA_C.slice(0, 7) }],
      );
      expect(
        short.get(deploymentKey({ revision: SHA_C.slice(0, 7) })),
      ).toMatchObject({
        runId: 'c-failed',
      });
      expect(
        (await new StoreBuiltByLookup(store, reports).findBuiltBy(ENTITY, []))
          .size,
      ).toBe(0);
    },
  );
});
