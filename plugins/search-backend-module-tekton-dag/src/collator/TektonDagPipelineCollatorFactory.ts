import { Readable } from 'node:stream';
import type {
  BackstageCredentials,
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  ANNOTATION_PIPELINES,
  EntityPipeline,
  entityPipelinesPath,
  isTektonDagAvailable,
  PIPELINE_SEARCH_DOCUMENT_TYPE,
  PipelineDocument,
} from '@tekton-dag/plugin-tekton-dag-common';

type Indexable<T extends IndexableDocument> = T;

/**
 * The document of one pipeline of one entity (search type `tekton-dag`). Defined in
 * `@tekton-dag/plugin-tekton-dag-common` for the frontend; this alias checks that it is an
 * `IndexableDocument`.
 */
export type TektonDagPipelineDocument = Indexable<PipelineDocument>;

export interface TektonDagPipelineCollatorFactoryOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  catalog: CatalogService;
  logger: LoggerService;
  /** Entities per catalog page (default 500, as the catalog collator). */
  batchSize?: number;
  /** Entities whose pipelines are requested from tekton-dag at the same time (default 5). */
  concurrency?: number;
  /** How long one entity's pipelines may take to load before it is skipped (default 60 s). */
  requestTimeoutMs?: number;
}

/**
 * Collates one search document per pipeline of each entity with the `tekton-dag/pipelines`
 * annotation: the entities come from the catalog page by page, their pipelines (description,
 * tasks, params, latest run) from tekton-dag's `GET /entities/:kind/:namespace/:name/pipelines`,
 * a few entities at a time. An entity whose pipelines fail to load is logged and left out.
 *
 * Documents carry their entity as `authorization.resourceRef` and the factory's
 * `visibilityPermission` is `catalog.entity.read`, so with `permission.enabled` search shows a
 * pipeline only to those who may read its entity.
 */
export class TektonDagPipelineCollatorFactory
  implements DocumentCollatorFactory
{
  readonly type = PIPELINE_SEARCH_DOCUMENT_TYPE;
  readonly visibilityPermission = catalogEntityReadPermission;

  private readonly auth: AuthService;
  private readonly discovery: DiscoveryService;
  private readonly catalog: CatalogService;
  private readonly logger: LoggerService;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly requestTimeoutMs: number;

  static create(options: TektonDagPipelineCollatorFactoryOptions) {
    return new TektonDagPipelineCollatorFactory(options);
  }

  private constructor(options: TektonDagPipelineCollatorFactoryOptions) {
    this.auth = options.auth;
    this.discovery = options.discovery;
    this.catalog = options.catalog;
    this.logger = options.logger;
    this.batchSize = options.batchSize ?? 500;
    this.concurrency = Math.max(1, options.concurrency ?? 5);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  async getCollator(): Promise<Readable> {
    return Readable.from(this.execute());
  }

  /** The documents, in catalog order; at most `concurrency` requests to tekton-dag at a time. */
  async *execute(): AsyncGenerator<TektonDagPipelineDocument> {
    const baseUrl = await this.discovery.getBaseUrl('tekton-dag');
    // One identity and one token for the whole run (minting one signs a JWT): a collation
    // ends well within a token's lifetime.
    const credentials = await this.auth.getOwnServiceCredentials();
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'tekton-dag',
    });
    const tektonDag = { baseUrl, token };
    // Requests in entity order; they never reject (a failure is logged and has no documents).
    const inFlight: Promise<TektonDagPipelineDocument[] | undefined>[] = [];
    const totals = { entities: 0, documents: 0, skipped: 0 };
    const next = async () => {
      const documents = await inFlight.shift()!;
      if (documents) totals.documents += documents.length;
      else totals.skipped += 1;
      return documents ?? [];
    };
    for await (const entity of this.entities(credentials)) {
      totals.entities += 1;
      inFlight.push(this.tryDocumentsOf(entity, tektonDag));
      if (inFlight.length >= this.concurrency) yield* await next();
    }
    while (inFlight.length) yield* await next();
    this.logger.info(
      `Collated ${totals.documents} pipelines of ${totals.entities} entities${
        totals.skipped ? `, ${totals.skipped} entities skipped` : ''
      }`,
    );
  }

  /** The catalog's entities with the annotation, a page at a time. */
  private async *entities(
    credentials: BackstageCredentials,
  ): AsyncGenerator<Entity> {
    let cursor: string | undefined;
    do {
      const response = await this.catalog.queryEntities(
        cursor
          ? { cursor, limit: this.batchSize }
          : {
              filter: {
                [`metadata.annotations.${ANNOTATION_PIPELINES}`]:
                  CATALOG_FILTER_EXISTS,
              },
              limit: this.batchSize,
              totalItems: 'exclude',
            },
        { credentials },
      );
      cursor = response.pageInfo.nextCursor;
      for (const entity of response.items) {
        if (isTektonDagAvailable(entity)) yield entity;
      }
    } while (cursor);
  }

  /** The entity's documents, or undefined (logged) when its pipelines do not load. */
  private async tryDocumentsOf(
    entity: Entity,
    tektonDag: TektonDagApi,
  ): Promise<TektonDagPipelineDocument[] | undefined> {
    try {
      return await this.documentsOf(entity, tektonDag);
    } catch (error) {
      this.logger.warn(
        `Left ${stringifyEntityRef(
          entity,
        )} out of the search index: its pipelines did not load: ${error}`,
      );
      return undefined;
    }
  }

  private async documentsOf(
    entity: Entity,
    { baseUrl, token }: TektonDagApi,
  ): Promise<TektonDagPipelineDocument[]> {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    const namespace = entity.metadata.namespace ?? 'default';
    const name = entity.metadata.name;
    const response = await fetch(
      `${baseUrl}/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}/pipelines`,
      {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = (await response.json()) as { items?: EntityPipeline[] };
    if (!Array.isArray(body.items))
      throw new Error('the response has no "items" list');

    const entityRef = stringifyEntityRef(entity);
    const tab = entityPipelinesPath({ kind, namespace, name });
    return body.items.map(pipeline =>
      toDocument(pipeline, { entity, entityRef, tab }),
    );
  }
}

/** Where tekton-dag's API is, and the token this collation calls it with. */
interface TektonDagApi {
  baseUrl: string;
  token: string;
}

function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return owner;
  }
}

function toDocument(
  pipeline: EntityPipeline,
  context: { entity: Entity; entityRef: string; tab: string },
): TektonDagPipelineDocument {
  const { entity, entityRef, tab } = context;
  const tasks = pipeline.tasks ?? [];
  const run = pipeline.latestRun;
  // Every field is present (undefined when unknown): the Lunr engine takes its fields from the
  // first document's keys.
  return {
    title: pipeline.name,
    text: [
      pipeline.description,
      tasks.length ? `Tasks: ${tasks.join(', ')}` : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    // One location per pipeline: Lunr keys its documents by location.
    location: `${tab}?pipeline=${encodeURIComponent(pipeline.name)}`,
    authorization: { resourceRef: entityRef },
    entityRef,
    entityTitle: entity.metadata.title ?? entity.metadata.name,
    owner: ownerOf(entity),
    description: pipeline.description,
    tasks,
    params: (pipeline.params ?? []).map(param => param.name),
    latestStatus: run?.status,
    lastRunAt: run ? run.startedAt ?? run.createdAt : undefined,
    cluster: pipeline.cluster,
    namespace: pipeline.namespace,
  };
}
