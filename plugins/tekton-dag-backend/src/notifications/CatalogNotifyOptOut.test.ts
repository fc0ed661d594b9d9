import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { shopComponent } from '../__testUtils__/entities';
import { CatalogNotifyOptOut, isNotifyOff } from './CatalogNotifyOptOut';

describe('CatalogNotifyOptOut', () => {
  it('reads tekton-dag/notify from the catalog and keeps the answer a while', async () => {
    const catalog = catalogServiceMock({
      entities: [
        shopComponent('quiet', { 'tekton-dag/notify': 'false' }),
        shopComponent('loud', { 'tekton-dag/notify': 'true' }),
        shopComponent('plain', {}),
      ],
    });
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    let now = 0;
    const optOut = new CatalogNotifyOptOut({
      catalog,
      auth: mockServices.auth(),
      now: () => now,
    });
    expect(await optOut.isOptedOut('component:default/quiet')).toBe(true);
    expect(await optOut.isOptedOut('component:default/loud')).toBe(false);
    expect(await optOut.isOptedOut('component:default/plain')).toBe(false);
    // Unknown to the catalog: nothing to opt out.
    expect(await optOut.isOptedOut('component:default/gone')).toBe(false);
    expect(getEntityByRef).toHaveBeenCalledTimes(4);

    // Asked again within the minute: the catalog is not.
    expect(await optOut.isOptedOut('Component:default/Quiet')).toBe(true);
    expect(getEntityByRef).toHaveBeenCalledTimes(4);
    now = 61_000;
    expect(await optOut.isOptedOut('component:default/quiet')).toBe(true);
    expect(getEntityByRef).toHaveBeenCalledTimes(5);
  });

  it('asks again after the catalog failed', async () => {
    const catalog = catalogServiceMock({
      entities: [shopComponent('quiet', { 'tekton-dag/notify': 'false' })],
    });
    const getEntityByRef = jest
      .spyOn(catalog, 'getEntityByRef')
      .mockRejectedValueOnce(new Error('catalog down'));
    const optOut = new CatalogNotifyOptOut({
      catalog,
      auth: mockServices.auth(),
    });
    await expect(optOut.isOptedOut('component:default/quiet')).rejects.toThrow(
      'catalog down',
    );
    expect(await optOut.isOptedOut('component:default/quiet')).toBe(true);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('takes "false" in any case as off, anything else as on', () => {
    expect(isNotifyOff('false')).toBe(true);
    expect(isNotifyOff(' FALSE ')).toBe(true);
    expect(isNotifyOff('no')).toBe(false);
    expect(isNotifyOff(undefined)).toBe(false);
  });
});
