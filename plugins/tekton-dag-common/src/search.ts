/**
 * The search documents of tekton-dag: one per pipeline of an entity, indexed by the search
 * module `@tekton-dag/plugin-search-backend-module-tekton-dag` and shown by the frontend's
 * `PipelineSearchResultListItem`.
 */
import type { RunStatus } from './types';

/** The search document type (the result type) of pipelines. */
export const PIPELINE_SEARCH_DOCUMENT_TYPE = 'tekton-dag';

/**
 * One pipeline of one entity, as search indexes it. Structurally an `IndexableDocument` of
 * `@backstage/plugin-search-common` (title, text, location, authorization), spelt out here so
 * that this package needs no search dependency.
 */
export interface PipelineDocument {
  /** The pipeline's name. */
  title: string;
  /** The pipeline's description and task names, for full-text search. */
  text: string;
  /** The entity's Pipelines tab: `/catalog/<namespace>/<kind>/<name>/pipelines`. */
  location: string;
  /** The entity: search shows the document only to those who may read it. */
  authorization?: { resourceRef: string };
  /** The entity's ref, e.g. `component:default/shop-api`. */
  entityRef: string;
  /** The entity's title, else its name. */
  entityTitle: string;
  /** The entity's `spec.owner`, when it has one. */
  owner?: string;
  description?: string;
  /** The pipeline's task names. */
  tasks: string[];
  /** The pipeline's param names. */
  params: string[];
  /** The status of the pipeline's latest run, when it has run. */
  latestStatus?: RunStatus;
  /** When the latest run was created (ISO 8601), when it has run. */
  lastRunAt?: string;
  cluster: string;
  namespace: string;
}
