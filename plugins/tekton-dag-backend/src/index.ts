/**
 * The tekton-dag backend plugin: maps catalog entities to Tekton Pipelines, runs and tracks
 * them on real clusters, and keeps their history in the portal database.
 *
 * @packageDocumentation
 */
export { tektonDagPlugin as default } from './plugin';
