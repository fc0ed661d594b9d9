/** An entity named by its parts (what `parseEntityRef` gives). */
export interface EntityNameParts {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * The portal's paths to an entity's pages (the catalog's entity route, kind lower-cased as
 * the catalog writes it): shared by links that leave the portal (commit statuses,
 * notifications, scaffolder outputs) and by search results.
 */
export function entityPagePath({ kind, namespace, name }: EntityNameParts) {
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}

/** The entity's Pipelines tab. */
export function entityPipelinesPath(entity: EntityNameParts) {
  return `${entityPagePath(entity)}/pipelines`;
}

/** A run's page, below the entity's Pipelines tab. */
export function runPagePath(entity: EntityNameParts, runId: string) {
  return `${entityPipelinesPath(entity)}/runs/${encodeURIComponent(runId)}`;
}
