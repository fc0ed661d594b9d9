import type { Entity } from '@backstage/catalog-model';

/** A Component of the example shop team with the given annotations, as the catalog has it. */
export function shopComponent(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: 'group:default/shop-team',
      lifecycle: 'production',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/shop-team' }],
  };
}
