/**
 * Shared types, permissions, annotations and the Tekton DAG model of the tekton-dag plugins.
 * Pure code with no I/O, used by the backend, the frontend and the GitOps content tests.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
export * from './tekton';
export * from './dag';
export * from './validation';
export * from './runs';
export * from './signals';
export * from './reports';
export * from './gitops';
export * from './labelSelector';
export * from './plan';
export * from './search';
export * from './portalPaths';
