/**
 * The local cluster: a Kubernetes-protocol API server for development and tests.
 *
 * @packageDocumentation
 */
export { startLocalCluster, DEFAULT_REPO_ROOT } from './startLocalCluster';
export type { LocalCluster, LocalClusterOptions } from './startLocalCluster';
export { ObjectStore } from './apiserver/ObjectStore';
export { createScriptPipeline } from './testing';
export type { PodLogSource } from './apiserver/ApiServer';
