import { mockServices } from '@backstage/backend-test-utils';
import { testRunRecord } from '../__testUtils__/runRecord';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseRunStore } from '../database/DatabaseRunStore';
import type { RunTransition } from '../database/RunStore';
import { RunTransitionAnnouncer } from './RunTransitionAnnouncer';

jest.setTimeout(60_000);

/** Lets a moment pass, so what was taken just now counts as stale for staleMs 0. */
const stale = () => new Promise(resolve => setTimeout(resolve, 5));

describe('RunTransitionAnnouncer', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'announces every transition once: the writer its own, the relay what a dead writer or a failed publish left, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const announced: string[] = [];
      let eventBusDown = false;
      const announcer = new RunTransitionAnnouncer({
        store,
        publisher: {
          announceTransition: async (
            t: Omit<RunTransition, 'id' | 'recordedAt'>,
          ) => {
            if (eventBusDown) throw new Error('the event bus is unreachable');
            announced.push(
              `${t.runId} ${t.previousStatus ?? 'new'}>${t.status}`,
            );
          },
        },
        logger: mockServices.logger.mock(),
      });

      // A writer records and announces.
      const first = await store.upsertRuns([
        testRunRecord('a', { status: 'Pending', resourceVersion: 1 }),
      ]);
      expect(first[0].transitionId).toEqual(expect.any(Number));
      await announcer.announce(first);
      expect(announced).toEqual(['a new>Pending']);
      // A newer version with the same status is no transition: nothing to announce.
      const same = await store.upsertRuns([
        testRunRecord('a', { status: 'Pending', resourceVersion: 2 }),
      ]);
      expect(same[0].transitionId).toBeUndefined();
      await announcer.announce(same);
      expect(await stale().then(() => announcer.relay(0))).toBe(0);
      expect(announced).toEqual(['a new>Pending']);

      // A writer that dies between its write and its announcement.
      await store.upsertRuns([
        testRunRecord('a', { status: 'Running', resourceVersion: 3 }),
      ]);
      // Not before its writer's time is up...
      expect(await announcer.relay(60_000)).toBe(0);
      // ...then the relay announces it.
      expect(await stale().then(() => announcer.relay(0))).toBe(1);
      expect(announced).toEqual(['a new>Pending', 'a Pending>Running']);

      // The event bus is down when the writer announces: the relay does it when it is back.
      eventBusDown = true;
      const done = await store.upsertRuns([
        testRunRecord('a', { status: 'Succeeded', resourceVersion: 4 }),
      ]);
      await announcer.announce(done);
      // The relay tries again once they are stale, not while the bus still refuses.
      expect(await stale().then(() => announcer.relay(0))).toBe(0);
      eventBusDown = false;
      expect(await announcer.relay(60_000)).toBe(0);
      expect(await stale().then(() => announcer.relay(0))).toBe(1);
      expect(announced).toEqual([
        'a new>Pending',
        'a Pending>Running',
        'a Running>Succeeded',
      ]);
      // Nothing is left, and nothing is announced twice.
      expect(await stale().then(() => announcer.relay(0))).toBe(0);
      expect(announced).toHaveLength(3);
      // Announced transitions are forgotten after a while.
      expect(
        await store.deletePublishedTransitions(new Date(Date.now() + 1000)),
      ).toBe(3);
    },
  );
});
