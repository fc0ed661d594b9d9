import type { CatalogSnapshot } from '../catalog/CatalogSnapshot';

/**
 * Entity annotation: `"false"` turns tekton-dag's failure notifications off for the entity's
 * owners. Any other value, or none, leaves them on.
 */
export const ANNOTATION_NOTIFY = 'tekton-dag/notify';

/** How old a copy of the catalog may be: an annotation change takes effect within a minute. */
const MAX_AGE_MS = 60_000;

/**
 * Whether an entity opted out of failure notifications (`tekton-dag/notify: "false"`), from
 * tekton-dag's copy of the catalog at most a minute old. An entity the catalog does not have is
 * not opted out (the notifications backend finds nobody to tell anyway). A catalog error is the
 * caller's to handle.
 */
export class CatalogNotifyOptOut {
  constructor(
    private readonly options: {
      snapshot: Pick<CatalogSnapshot, 'entityByRef'>;
      maxAgeMs?: number;
    },
  ) {}

  isOptedOut = async (entityRef: string): Promise<boolean> => {
    const entity = await this.options.snapshot.entityByRef(entityRef, {
      maxAgeMs: this.options.maxAgeMs ?? MAX_AGE_MS,
    });
    return isNotifyOff(entity?.metadata.annotations?.[ANNOTATION_NOTIFY]);
  };
}

/** `"false"` (any case, spaces around) turns notifications off; anything else does not. */
export function isNotifyOff(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'false';
}
