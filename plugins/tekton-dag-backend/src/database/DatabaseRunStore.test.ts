import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { testRunRecord } from '../__testUtils__/runRecord';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import knexFactory from 'knex';
import { DatabaseRunStore } from './DatabaseRunStore';
import type { RunRecord, TaskRunRecord } from './RunStore';

jest.setTimeout(60_000);

/** A running run, as the tracker first records it. */
const run = (id: string, overrides: Partial<RunRecord> = {}): RunRecord =>
  testRunRecord(id, {
    status: 'Running',
    startedAt: '2026-11-24T10:00:01.000Z',
    params: { revision: 'main' },
    trigger: { kind: 'portal', by: 'user:default/guest' },
    ...overrides,
  });

const taskRun = (
  uid: string,
  runUid: string,
  overrides: Partial<TaskRunRecord> = {},
): TaskRunRecord => ({
  uid,
  runUid,
  name: `${runUid}-${uid}`,
  pipelineTask: uid,
  status: 'Succeeded',
  steps: [{ name: 'run', status: 'Succeeded', exitCode: 0 }],
  results: { commit: 'abc' },
  startedAt: '2026-11-24T10:00:02.000Z',
  completedAt: '2026-11-24T10:00:03.000Z',
  resourceVersion: 1,
  ...overrides,
});

describe('DatabaseRunStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseRunStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'migrates up and answers on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      await expect(store.checkConnection()).resolves.toBeUndefined();
      expect(await knex.schema.hasTable('tekton_dag_runs')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the newest version of a run whatever the write order, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.upsertRuns([
        run('a', { resourceVersion: 5, status: 'Running' }),
      ]);
      await store.upsertRuns([
        run('a', { resourceVersion: 3, status: 'Pending' }),
      ]); // late, older
      expect((await store.getRun('a'))?.status).toBe('Running');
      await store.upsertRuns([
        run('a', {
          resourceVersion: 9,
          status: 'Succeeded',
          completedAt: '2026-11-24T10:01:01.000Z',
        }),
        run('a', { resourceVersion: 7, status: 'Failed' }), // same batch, older
      ]);
      const stored = await store.getRun('a');
      expect(stored).toMatchObject({
        status: 'Succeeded',
        resourceVersion: 9,
        durationMs: 60_000,
        trigger: { kind: 'portal', by: 'user:default/guest' },
      });
      // Replaying the same event (another replica) changes nothing.
      await store.upsertRuns([
        run('a', {
          resourceVersion: 9,
          status: 'Succeeded',
          completedAt: '2026-11-24T10:01:01.000Z',
        }),
      ]);
      expect((await store.getRun('a'))?.status).toBe('Succeeded');
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps task runs that arrive before their run, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.upsertTaskRuns([
        taskRun('clone', 'b'),
        taskRun('build', 'b', { startedAt: '2026-11-24T10:00:04.000Z' }),
      ]);
      expect(await store.getRun('b')).toBeUndefined();
      await store.upsertRuns([run('b')]);
      const stored = await store.getRun('b');
      expect(
        stored?.taskRuns.map(t => [
          t.pipelineTask,
          t.steps[0].exitCode,
          t.results.commit,
        ]),
      ).toEqual([
        ['clone', 0, 'abc'],
        ['build', 0, 'abc'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'pages newest first with a stable cursor, and filters, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const runs: RunRecord[] = [];
      for (let i = 0; i < 25; i++) {
        // Pairs of runs share a creation time: the UID breaks the tie.
        const minute = String(Math.floor(i / 2)).padStart(2, '0');
        runs.push(
          run(`r${String(i).padStart(2, '0')}`, {
            createdAt: `2026-11-24T10:${minute}:00.000Z`,
            status: i % 3 === 0 ? 'Failed' : 'Succeeded',
            pipeline: i % 5 === 0 ? 'nightly' : 'pr-pipeline',
            entityRef:
              i % 2 === 0
                ? 'component:default/shop-api'
                : 'component:default/shop-web',
            revision: i === 7 ? 'deadbeef' : undefined,
          }),
        );
      }
      await store.upsertRuns(runs);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listRuns({}, { limit: 10, cursor });
        seen.push(...page.items.map(r => r.id));
        cursor = page.nextCursor;
      } while (cursor);
      // Newest first; the UID breaks ties, also descending.
      const expected = [...runs]
        .sort((a, b) =>
          `${b.createdAt}/${b.id}`.localeCompare(`${a.createdAt}/${a.id}`),
        )
        .map(r => r.id);
      expect(seen).toEqual(expected);

      const failedApi = await store.listRuns(
        { entityRef: 'component:default/shop-api', status: ['Failed'] },
        { limit: 50 },
      );
      expect(failedApi.items.map(r => r.id)).toEqual([
        'r24',
        'r18',
        'r12',
        'r06',
        'r00',
      ]);
      expect(
        (await store.listRuns({ pipeline: 'nightly' }, { limit: 50 })).items,
      ).toHaveLength(5);
      expect(
        (await store.listRuns({ q: 'DEADBEEF' }, { limit: 50 })).items.map(
          r => r.id,
        ),
      ).toEqual(['r07']);
      expect(
        (await store.listRuns({ q: '100%_' }, { limit: 50 })).items,
      ).toEqual([]);
      await expect(
        store.listRuns({}, { limit: 10, cursor: 'not-a-cursor' }),
      ).rejects.toThrow(InputError);
    },
  );

  it.each(databases.eachSupportedId())(
    'marks runs pruned and keeps them, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.upsertRuns([
        run('x'),
        run('y'),
        run('z', { namespace: 'other' }),
      ]);
      expect((await store.listLiveRunUids('local', ['shop'])).sort()).toEqual([
        'x',
        'y',
      ]);
      await store.markPruned(['x'], new Date());
      expect((await store.listLiveRunUids('local')).sort()).toEqual(['y', 'z']);
      expect(await store.getRun('x')).toMatchObject({
        pruned: true,
        status: 'Running',
      });
      // A list at version 10 prunes only what it could have shown: not a run stored at a
      // newer version (written meanwhile by the portal or another replica).
      await store.upsertRuns([run('late', { resourceVersion: 11 })]);
      expect(
        (await store.listLiveRunUids('local', ['shop'], undefined, 10)).sort(),
      ).toEqual(['y']);
      // A newer version of a run marked pruned by mistake clears the mark.
      await store.upsertRuns([run('x', { resourceVersion: 2 })]);
      expect((await store.getRun('x'))?.pruned).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'reports each change once, with the status before it, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const first = await store.upsertRuns([
        run('c', { resourceVersion: 1, status: 'Pending' }),
      ]);
      expect(
        first.map(c => [c.run.id, c.previousStatus, c.run.status]),
      ).toEqual([['c', undefined, 'Pending']]);
      // The same version again (a relist, another replica, a replayed event): no change.
      expect(
        await store.upsertRuns([
          run('c', { resourceVersion: 1, status: 'Pending' }),
        ]),
      ).toEqual([]);
      // A newer version that keeps the status is a change, not a transition.
      const same = await store.upsertRuns([
        run('c', { resourceVersion: 2, status: 'Pending', message: 'waiting' }),
      ]);
      expect(same.map(c => [c.previousStatus, c.run.status])).toEqual([
        ['Pending', 'Pending'],
      ]);
      const done = await store.upsertRuns([
        run('c', { resourceVersion: 3, status: 'Running' }),
        run('c', { resourceVersion: 4, status: 'Succeeded' }),
      ]);
      expect(done.map(c => [c.previousStatus, c.run.status])).toEqual([
        ['Pending', 'Succeeded'],
      ]);
      // Older versions arriving late change nothing.
      expect(
        await store.upsertRuns([
          run('c', { resourceVersion: 3, status: 'Running' }),
        ]),
      ).toEqual([]);

      const tasks = await store.upsertTaskRuns([
        taskRun('t', 'c', { resourceVersion: 1, status: 'Running' }),
      ]);
      expect(tasks.map(c => [c.previousStatus, c.taskRun.status])).toEqual([
        [undefined, 'Running'],
      ]);
      expect(
        await store.upsertTaskRuns([
          taskRun('t', 'c', { resourceVersion: 1, status: 'Running' }),
        ]),
      ).toEqual([]);
      expect(
        (
          await store.upsertTaskRuns([
            taskRun('t', 'c', { resourceVersion: 2, status: 'Succeeded' }),
          ])
        ).map(c => [c.previousStatus, c.taskRun.status]),
      ).toEqual([['Running', 'Succeeded']]);
    },
  );

  it.each(databases.eachSupportedId())(
    'never replaces a run’s entity with none, and links runs recorded without one later, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const attribution = 'kubernetes-id=shop-api';
      // Recorded while the catalog knew the entity.
      await store.upsertRuns([
        run('linked', {
          resourceVersion: 5,
          status: 'Succeeded',
          entityRef: 'component:default/shop-api',
          entityAttribution: attribution,
        }),
      ]);
      // A portal restarted before its entity index loaded sees the same run, unresolved.
      const replay = await store.upsertRuns([
        run('linked', {
          resourceVersion: 5,
          status: 'Succeeded',
          entityRef: undefined,
          entityAttribution: attribution,
        }),
        run('linked', {
          resourceVersion: 6,
          status: 'Succeeded',
          entityRef: undefined,
          entityAttribution: attribution,
        }),
      ]);
      // The newer version is written, and keeps the entity stored before.
      expect(replay.map(c => c.run.entityRef)).toEqual([
        'component:default/shop-api',
      ]);
      expect((await store.getRun('linked'))?.entityRef).toBe(
        'component:default/shop-api',
      );

      // A run first recorded without its entity is linked once the index resolves it.
      await store.upsertRuns([
        run('unlinked', {
          entityRef: undefined,
          entityAttribution: attribution,
        }),
        run('other', {
          entityRef: undefined,
          entityAttribution: 'label=component.default.unknown',
        }),
      ]);
      expect(
        (
          await store.listRuns(
            { entityRef: 'component:default/shop-api' },
            { limit: 10 },
          )
        ).items.map(r => r.id),
      ).toEqual(['linked']);
      const linked = await store.linkEntities(key =>
        key === attribution ? 'component:default/shop-api' : undefined,
      );
      expect(linked).toEqual([
        { uid: 'unlinked', entityRef: 'component:default/shop-api' },
      ]);
      expect(
        (
          await store.listRuns(
            { entityRef: 'component:default/shop-api' },
            { limit: 10 },
          )
        ).items
          .map(r => r.id)
          .sort(),
      ).toEqual(['linked', 'unlinked']);
      expect((await store.getRun('other'))?.entityRef).toBeUndefined();
      // Linking again finds nothing more.
      expect(
        await store.linkEntities(() => 'component:default/shop-api'),
      ).toEqual([{ uid: 'other', entityRef: 'component:default/shop-api' }]);
      expect(await store.linkEntities(() => 'x')).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'tells each transition to exactly one of several concurrent writers, on %p',
    async databaseId => {
      const { knex } = await createStore(databaseId);
      // Two replicas: two stores, on PostgreSQL two connection pools to one database.
      const postgres = knex.client.config.client === 'pg';
      const second = postgres
        ? knexFactory({
            client: 'pg',
            connection: knex.client.config.connection,
            pool: { min: 0, max: 4 },
          })
        : knex;
      const stores = [new DatabaseRunStore(knex), new DatabaseRunStore(second)];
      try {
        // Both replicas see the same 50 runs go Pending, Running, Succeeded, in batches
        // that each write whenever it likes.
        const versions = (i: number) =>
          (['Pending', 'Running', 'Succeeded'] as const).map((status, v) =>
            run(`r${i}`, { resourceVersion: v + 1, status }),
          );
        const all = Array.from({ length: 50 }, (_, i) => versions(i));
        const reported = await Promise.all(
          stores.map(async (store, s) => {
            const changes = [];
            for (let v = 0; v < 3; v++) {
              const batch = all.map(vs => vs[v]);
              if (s === 1) batch.reverse();
              changes.push(...(await store.upsertRuns(batch)));
            }
            return changes;
          }),
        );
        const transitions = reported
          .flat()
          .filter(c => c.previousStatus !== c.run.status)
          .map(c => `${c.run.id}:${c.previousStatus ?? 'new'}>${c.run.status}`);
        // Every run's transitions, each told once however the writes interleaved.
        const told = new Map<string, number>();
        for (const t of transitions) told.set(t, (told.get(t) ?? 0) + 1);
        expect([...told.values()].every(n => n === 1)).toBe(true);
        for (let i = 0; i < 50; i++) {
          expect(
            told.has(`r${i}:new>Pending`) ||
              told.has(`r${i}:new>Running`) ||
              told.has(`r${i}:new>Succeeded`),
          ).toBe(true);
          expect(
            [...told.keys()].filter(
              k => k.startsWith(`r${i}:`) && k.endsWith('>Succeeded'),
            ),
          ).toHaveLength(1);
        }
        expect(
          (await stores[0].listRuns({ status: ['Succeeded'] }, { limit: 100 }))
            .items,
        ).toHaveLength(50);
      } finally {
        if (second !== knex) await second.destroy();
      }
    },
  );
});
