import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Entity annotation: `"false"` turns tekton-dag's failure notifications off for the entity's
 * owners. Any other value, or none, leaves them on.
 */
export const ANNOTATION_NOTIFY = 'tekton-dag/notify';

/** How long an entity's answer is kept: an annotation change takes effect within a minute. */
const TTL_MS = 60_000;
/** Entities remembered at most; the oldest answer goes first. */
const MAX_ENTRIES = 1_000;

/**
 * Whether an entity opted out of failure notifications (`tekton-dag/notify: "false"`), read
 * from the catalog with the plugin's own credentials and kept a minute. An entity the catalog
 * does not have is not opted out (the notifications backend finds nobody to tell anyway).
 * A catalog error is the caller's to handle; it is not remembered.
 */
export class CatalogNotifyOptOut {
  private readonly cache = new Map<
    string,
    { at: number; optedOut: Promise<boolean> }
  >();

  constructor(
    private readonly options: {
      catalog: Pick<CatalogService, 'getEntityByRef'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  isOptedOut = (entityRef: string): Promise<boolean> => {
    const now = (this.options.now ?? Date.now)();
    const key = entityRef.toLocaleLowerCase('en-US');
    const cached = this.cache.get(key);
    if (cached && now - cached.at < (this.options.ttlMs ?? TTL_MS))
      return cached.optedOut;
    const optedOut = this.lookUp(entityRef);
    this.cache.delete(key);
    this.cache.set(key, { at: now, optedOut });
    // A failed look-up is asked again next time.
    optedOut.catch(() => {
      if (this.cache.get(key)?.optedOut === optedOut) this.cache.delete(key);
    });
    if (this.cache.size > MAX_ENTRIES)
      this.cache.delete(this.cache.keys().next().value!);
    return optedOut;
  };

  private async lookUp(entityRef: string): Promise<boolean> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    return isNotifyOff(entity?.metadata.annotations?.[ANNOTATION_NOTIFY]);
  }
}

/** `"false"` (any case, spaces around) turns notifications off; anything else does not. */
export function isNotifyOff(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'false';
}
