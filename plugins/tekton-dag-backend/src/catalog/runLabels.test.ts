import { attributionOf, entityRefLabelValue, runMetadata } from './runLabels';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

describe('run labels', () => {
  it('turns entity refs into valid, distinct label values', () => {
    expect(entityRefLabelValue('component:default/shop-api')).toBe(
      'component.default.shop-api',
    );
    const long = `component:default/${'a'.repeat(80)}`;
    const other = `component:default/${'a'.repeat(79)}b`;
    for (const value of [
      entityRefLabelValue(long),
      entityRefLabelValue(other),
      entityRefLabelValue('Component:My_NS/Weird Name!'),
    ]) {
      expect(value.length).toBeLessThanOrEqual(63);
      expect(value).toMatch(LABEL_VALUE);
    }
    expect(entityRefLabelValue(long)).not.toBe(entityRefLabelValue(other));
  });

  it('records the entity, the trigger and who triggered it', () => {
    expect(
      runMetadata({
        entityRef: 'component:default/shop-api',
        trigger: 'portal',
        triggeredBy: 'user:default/guest',
      }),
    ).toEqual({
      labels: {
        'tekton-dag.io/entity': 'component.default.shop-api',
        'tekton-dag.io/trigger': 'portal',
      },
      annotations: {
        'tekton-dag.io/entity-ref': 'component:default/shop-api',
        'tekton-dag.io/triggered-by': 'user:default/guest',
      },
    });
  });

  it('attributes runs by annotation, then our label, then the community plugin label', () => {
    expect(
      attributionOf({
        annotations: { 'tekton-dag.io/entity-ref': 'component:default/a' },
        labels: { 'backstage.io/kubernetes-id': 'b' },
      }),
    ).toEqual({ entityRef: 'component:default/a' });
    expect(
      attributionOf({
        labels: { 'tekton-dag.io/entity': 'component.default.a' },
      }),
    ).toEqual({ entityLabel: 'component.default.a' });
    expect(
      attributionOf({ labels: { 'backstage.io/kubernetes-id': 'shop-api' } }),
    ).toEqual({ kubernetesId: 'shop-api' });
    expect(attributionOf({})).toBeUndefined();
  });
});
