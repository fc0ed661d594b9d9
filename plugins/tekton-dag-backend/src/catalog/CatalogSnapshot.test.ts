import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { shopComponent } from '../__testUtils__/entities';
import { CatalogSnapshot } from './CatalogSnapshot';

describe('CatalogSnapshot', () => {
  function setUp() {
    const catalog = catalogServiceMock({
      entities: [shopComponent('shop-api', {}), shopComponent('shop-web', {})],
    });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const clock = { now: 0 };
    const snapshot = new CatalogSnapshot({
      catalog,
      auth: mockServices.auth(),
      now: () => clock.now,
    });
    return { catalog, getEntities, clock, snapshot };
  }

  it('reads the catalog once for callers at once, and again when a copy is too old for the caller', async () => {
    const { getEntities, clock, snapshot } = setUp();
    const [a, b, c] = await Promise.all([
      snapshot.get(),
      snapshot.get({ maxAgeMs: 60_000 }),
      snapshot.entityByRef('component:default/shop-api'),
    ]);
    expect(a.map(e => e.metadata.name)).toEqual(['shop-api', 'shop-web']);
    expect(b).toBe(a);
    expect(c?.metadata.name).toBe('shop-api');
    expect(getEntities).toHaveBeenCalledTimes(1);
    // Only the fields tekton-dag uses, with the plugin's own credentials.
    expect(getEntities.mock.calls[0][0]).toEqual({
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.annotations',
        'relations',
      ],
    });

    clock.now = 40_000;
    await snapshot.get({ maxAgeMs: 60_000 }); // young enough for this caller
    expect(getEntities).toHaveBeenCalledTimes(1);
    await snapshot.get(); // not for the default 30 s
    expect(getEntities).toHaveBeenCalledTimes(2);
    await snapshot.get({ maxAgeMs: 0 }); // a fresh read, always
    expect(getEntities).toHaveBeenCalledTimes(3);
  });

  it('sees entities added to the catalog on its next read', async () => {
    const { catalog, clock, snapshot } = setUp();
    expect(await snapshot.entityByRef('component:default/new')).toBeUndefined();
    jest.spyOn(catalog, 'getEntities').mockResolvedValueOnce({
      items: [shopComponent('new', {})],
    });
    clock.now = 31_000;
    expect(
      (await snapshot.entityByRef('Component:Default/New'))?.metadata.name,
    ).toBe('new');
  });

  it('keeps no failed read: the next call reads again', async () => {
    const { getEntities, snapshot } = setUp();
    getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(snapshot.get()).rejects.toThrow('catalog down');
    expect(await snapshot.get()).toHaveLength(2);
    expect(getEntities).toHaveBeenCalledTimes(2);
  });
});
