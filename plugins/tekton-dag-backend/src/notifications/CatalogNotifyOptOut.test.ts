import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { shopComponent } from '../__testUtils__/entities';
import { CatalogSnapshot } from '../catalog/CatalogSnapshot';
import { CatalogNotifyOptOut, isNotifyOff } from './CatalogNotifyOptOut';

describe('CatalogNotifyOptOut', () => {
  function setUp() {
    const catalog = catalogServiceMock({
      entities: [
        shopComponent('quiet', { 'tekton-dag/notify': 'false' }),
        shopComponent('loud', { 'tekton-dag/notify': 'true' }),
        shopComponent('plain', {}),
      ],
    });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const clock = { now: 0 };
    const snapshot = new CatalogSnapshot({
      catalog,
      auth: mockServices.auth(),
      now: () => clock.now,
    });
    return {
      getEntities,
      clock,
      optOut: new CatalogNotifyOptOut({ snapshot }),
    };
  }

  it('reads tekton-dag/notify from one copy of the catalog, at most a minute old', async () => {
    const { getEntities, clock, optOut } = setUp();
    expect(await optOut.isOptedOut('component:default/quiet')).toBe(true);
    expect(await optOut.isOptedOut('component:default/loud')).toBe(false);
    expect(await optOut.isOptedOut('component:default/plain')).toBe(false);
    // Unknown to the catalog: nothing to opt out.
    expect(await optOut.isOptedOut('component:default/gone')).toBe(false);
    expect(await optOut.isOptedOut('Component:default/Quiet')).toBe(true);
    expect(getEntities).toHaveBeenCalledTimes(1);

    clock.now = 61_000;
    expect(await optOut.isOptedOut('component:default/quiet')).toBe(true);
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('asks again after the catalog failed', async () => {
    const { getEntities, optOut } = setUp();
    getEntities.mockRejectedValueOnce(new Error('catalog down'));
    await expect(optOut.isOptedOut('component:default/quiet')).rejects.toThrow(
      'catalog down',
    );
    expect(await optOut.isOptedOut('component:default/quiet')).toBe(true);
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('takes "false" in any case as off, anything else as on', () => {
    expect(isNotifyOff('false')).toBe(true);
    expect(isNotifyOff(' FALSE ')).toBe(true);
    expect(isNotifyOff('no')).toBe(false);
    expect(isNotifyOff(undefined)).toBe(false);
  });
});
