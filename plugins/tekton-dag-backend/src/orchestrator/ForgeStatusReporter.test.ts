import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseForgeStatusStore } from '../database/DatabaseForgeStatusStore';
import { DatabaseRunStore } from '../database/DatabaseRunStore';
import { migrate } from '../database/migrate';
import { createForgeClient } from '../forges/createForgeClient';
import { ForgeTestServer } from '../forges/__testUtils__/ForgeTestServer';
import type { ForgeConfig } from '../forges/types';
import { testRunRecord } from '../__testUtils__/runRecord';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { ForgeStatusReporter } from './ForgeStatusReporter';

jest.setTimeout(60_000);

describe('ForgeStatusReporter', () => {
  const databases = createTestDatabases();
  let forge: ForgeTestServer;
  beforeAll(async () => {
    forge = await ForgeTestServer.start();
  });
  afterAll(() => forge.close());

  it.each(databases.eachSupportedId())(
    'sends pending, then the final state once, retrying a forge that fails, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const db = await migrate(mockServices.database({ knex }));
      const runs = new DatabaseRunStore(db);
      const statuses = new DatabaseForgeStatusStore(db);
      const forges: ForgeConfig[] = [
        {
          type: 'gitea',
          host: 'gitea.test',
          apiBaseUrl: forge.giteaApiBaseUrl,
          token: 't',
        },
      ];
      const logger = mockServices.logger.mock();
      const reporter = new ForgeStatusReporter({
        statuses,
        runs,
        forges,
        // One try per round: the reporter's own backoff is what is tested here.
        clientFor: f =>
          createForgeClient(f, { logger, retry: { attempts: 1 } }),
        logger,
      });
      const sha = databaseId.length.toString(16).padStart(40, 'c');
      const path = `/api/v1/repos/acme/shop/statuses/${sha}`;
      const sent = () =>
        forge
          .requestsTo(path)
          .filter(r => r.body)
          .map(r => r.body.state);

      await runs.upsertRuns([
        testRunRecord(`run-${databaseId}`, { status: 'Running' }),
      ]);
      await statuses.add({
        runUid: `run-${databaseId}`,
        forge: 'gitea',
        host: 'gitea.test',
        repository: 'acme/shop',
        sha,
        targetUrl: 'http://portal.test/run',
        context: 'tekton-dag/pull-request',
      });
      expect(await reporter.sendDue()).toBe(1);
      expect(sent()).toEqual(['pending']);
      // Nothing changed: nothing is sent again.
      await statuses.makeDue([`run-${databaseId}`]);
      expect(await reporter.sendDue()).toBe(0);
      // …and the row waits for its next look instead of staying due (it would be read on
      // every round and crowd out new runs' first statuses).
      expect(await statuses.listDue(50)).toEqual([]);

      // The run fails; the forge answers 500 once: the status waits for its next attempt.
      await runs.upsertRuns([
        testRunRecord(`run-${databaseId}`, {
          status: 'Failed',
          resourceVersion: 2,
        }),
      ]);
      forge.failNext(path, 500, 1);
      await reporter.runsChanged([`run-${databaseId}`]);
      // Tried (the test forge records failed requests too), not settled.
      expect(sent()).toEqual(['pending', 'failure']);
      const row = await knex('tekton_dag_forge_statuses').first();
      expect(row.attempts).toBe(1);
      expect(row.settled).toBeFalsy();
      expect(new Date(row.next_attempt_at).getTime()).toBeGreaterThan(
        Date.now(),
      );
      expect(row.last_error).toContain('500');
      expect(row.last_error).not.toContain('token');

      // Its time comes: sent, and settled.
      await knex('tekton_dag_forge_statuses').update({
        next_attempt_at: new Date(0),
      });
      expect(await reporter.sendDue()).toBe(1);
      expect(sent()).toEqual(['pending', 'failure', 'failure']);
      expect(
        (await knex('tekton_dag_forge_statuses').first()).settled,
      ).toBeTruthy();
      expect(await reporter.sendDue()).toBe(0);
    },
  );
});
