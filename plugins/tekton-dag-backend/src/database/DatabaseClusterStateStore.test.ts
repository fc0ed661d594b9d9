import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseClusterStateStore } from './DatabaseClusterStateStore';
import { migrate } from './migrate';

jest.setTimeout(60_000);

const pipeline = (
  namespace: string,
  name: string,
  resourceVersion: number,
) => ({
  apiVersion: 'tekton.dev/v1',
  kind: 'Pipeline',
  metadata: { namespace, name, resourceVersion: String(resourceVersion) },
  spec: { tasks: [] },
});

describe('DatabaseClusterStateStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'shares the watched Pipelines: in sync or unknown, deletes that spare re-created ones, scopes that change, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseClusterStateStore(
        await migrate(
          mockServices.database({ knex, migrations: { skip: false } }),
        ),
      );
      // Nothing listed yet: the reader must ask the cluster.
      expect(await store.getPipeline('c', 'shop', 'p')).toBeUndefined();
      await store.replacePipelines(
        'c',
        '*',
        [pipeline('shop', 'p', 5), pipeline('web', 'q', 6)],
        'replica-a',
      );
      expect(await store.getPipeline('c', 'shop', 'p')).toMatchObject({
        metadata: { name: 'p' },
      });
      expect(await store.getPipeline('c', 'shop', 'gone')).toBeNull();

      // Deleted and re-created at once: the late delete of version 5 spares version 9.
      await store.savePipeline('c', '*', pipeline('shop', 'p', 9));
      await store.deletePipeline('c', 'shop', 'p', 6);
      expect(
        (await store.getPipeline('c', 'shop', 'p'))?.metadata?.resourceVersion,
      ).toBe('9');
      await store.deletePipeline('c', 'shop', 'p', 10);
      expect(await store.getPipeline('c', 'shop', 'p')).toBeNull();
      // An older save never replaces a newer version.
      await store.savePipeline('c', '*', pipeline('web', 'q', 4));
      expect(
        (await store.getPipeline('c', 'web', 'q'))?.metadata?.resourceVersion,
      ).toBe('6');

      // The watched namespaces change from all to shop: the new scope lists over the old rows.
      await store.replacePipelines(
        'c',
        'shop',
        [pipeline('shop', 'p', 12)],
        'replica-b',
      );
      expect(await store.getPipeline('c', 'shop', 'p')).toMatchObject({
        metadata: { resourceVersion: '12' },
      });
      // A replica that stops unsyncs only the scopes it filled.
      await store.markPipelinesUnsynced('c', 'shop', 'replica-a');
      expect(await store.getPipeline('c', 'shop', 'p')).not.toBeUndefined();
      await store.markPipelinesUnsynced('c', 'shop', 'replica-b');
      await store.markPipelinesUnsynced('c', '*', 'replica-a');
      expect(await store.getPipeline('c', 'shop', 'p')).toBeUndefined();
    },
  );
});
