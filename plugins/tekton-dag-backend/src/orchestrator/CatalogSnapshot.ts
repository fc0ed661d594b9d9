import type { AuthService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'relations',
];

/**
 * The catalog as a pull request needs it (every entity's annotations and relations), read at
 * most every `maxAgeMs`: a webhook does not wait for a 2,000-entity read unless the copy is
 * stale, and several deliveries at once share one read.
 */
export class CatalogSnapshot {
  private entities?: Entity[];
  private readAt = 0;
  private reading?: Promise<Entity[]>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      maxAgeMs?: number;
    },
  ) {}

  async get(): Promise<Entity[]> {
    const maxAge = this.options.maxAgeMs ?? 30_000;
    if (this.entities && Date.now() - this.readAt < maxAge)
      return this.entities;
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read() {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      { fields: FIELDS },
      { credentials },
    );
    this.entities = items;
    this.readAt = Date.now();
    return items;
  }
}
