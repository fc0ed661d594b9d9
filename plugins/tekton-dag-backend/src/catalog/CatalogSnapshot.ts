import type { AuthService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** What tekton-dag reads of every entity: names, annotations and relations. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'relations',
];

const refKey = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * tekton-dag's one copy of the catalog (every entity's names, annotations and relations, read
 * with the plugin's own credentials), shared by the entity index, pull-request planning and
 * the notification opt-out. Each caller says how old a copy it accepts; callers at once share
 * one read, so a burst of webhooks or failed runs costs one catalog request, not one each.
 * A failed read is not kept: the next call reads again.
 */
export class CatalogSnapshot {
  private entities?: Entity[];
  private byRef = new Map<string, Entity>();
  private readAt = 0;
  private reading?: Promise<Entity[]>;

  constructor(
    private readonly options: {
      catalog: Pick<CatalogService, 'getEntities'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      /** The age accepted when a caller does not say: 30 s. */
      maxAgeMs?: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** Every entity, from a copy at most `maxAgeMs` old (0: a read that starts now or is under way). */
  async get(options: { maxAgeMs?: number } = {}): Promise<Entity[]> {
    const maxAge = options.maxAgeMs ?? this.options.maxAgeMs ?? 30_000;
    if (this.entities && maxAge > 0 && this.now() - this.readAt < maxAge)
      return this.entities;
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /** One entity by its ref (any case), from a copy at most `maxAgeMs` old. */
  async entityByRef(
    ref: string,
    options: { maxAgeMs?: number } = {},
  ): Promise<Entity | undefined> {
    await this.get(options);
    return this.byRef.get(refKey(ref));
  }

  private async read() {
    const startedAt = this.now();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      { fields: FIELDS },
      { credentials },
    );
    this.entities = items;
    this.byRef = new Map(items.map(e => [refKey(stringifyEntityRef(e)), e]));
    this.readAt = startedAt;
    return items;
  }
}
