import {
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { LABEL_KUBERNETES_ID } from '@tekton-dag/plugin-tekton-dag-common';
import type { RunAttribution } from './runLabels';
import { entityRefLabelValue, parseAttributionKey } from './runLabels';
import type { CatalogSnapshot } from './CatalogSnapshot';

/**
 * Which entity a run belongs to when the run names it only by a label: our own label value, or
 * the `backstage.io/kubernetes-id` the community Tekton plugin uses. Built from the catalog
 * and refreshed on a schedule, so attributing a watch event never waits for the catalog.
 */
export class EntityIndex {
  private byKubernetesId = new Map<string, string>();
  private byLabel = new Map<string, string>();
  private byOwner = new Map<string, string[]>();
  /** Whether a refresh has succeeded yet: until then nothing resolves. */
  loaded = false;

  constructor(private readonly options: { snapshot: CatalogSnapshot }) {}

  /** Rebuilds the index from a fresh read of the catalog. */
  async refresh(): Promise<void> {
    const items = await this.options.snapshot.get({ maxAgeMs: 0 });
    const byKubernetesId = new Map<string, string>();
    const byLabel = new Map<string, string>();
    const byOwner = new Map<string, string[]>();
    for (const entity of items) {
      const ref = stringifyEntityRef(entity);
      for (const relation of entity.relations ?? []) {
        if (relation.type !== RELATION_OWNED_BY) continue;
        const owner = relation.targetRef.toLocaleLowerCase('en-US');
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), ref]);
      }
      byLabel.set(entityRefLabelValue(ref), ref);
      const id = entity.metadata.annotations?.[LABEL_KUBERNETES_ID];
      // Components win over other kinds that share a kubernetes-id.
      if (
        id &&
        (!byKubernetesId.has(id) || entity.kind.toLowerCase() === 'component')
      )
        byKubernetesId.set(id, ref);
    }
    this.byKubernetesId = byKubernetesId;
    this.byLabel = byLabel;
    this.byOwner = byOwner;
    this.loaded = true;
  }

  /** The entities a user or group owns (from the catalog's ownedBy relations). */
  ownedBy(ownerRef: string): string[] {
    return this.byOwner.get(ownerRef.toLocaleLowerCase('en-US')) ?? [];
  }

  resolve = (attribution: RunAttribution): string | undefined => {
    if ('entityRef' in attribution) return attribution.entityRef;
    if ('entityLabel' in attribution)
      return this.byLabel.get(attribution.entityLabel);
    return this.byKubernetesId.get(attribution.kubernetesId);
  };

  /** Resolves a stored attribution key (see attributionKey in runLabels). */
  resolveKey = (key: string): string | undefined => {
    const attribution = parseAttributionKey(key);
    return attribution ? this.resolve(attribution) : undefined;
  };
}
