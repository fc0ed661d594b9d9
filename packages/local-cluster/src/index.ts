/**
 * The local cluster: a Kubernetes-protocol API server for development and tests.
 *
 * @packageDocumentation
 */
export { startLocalCluster, DEFAULT_REPO_ROOT } from './startLocalCluster';
export type { LocalCluster, LocalClusterOptions } from './startLocalCluster';
export { ObjectStore } from './apiserver/ObjectStore';
export { createScriptPipeline } from './testing';
// Tekton v1 contract fixtures: what Tekton writes, for tests of code that reads it.
export {
  readTektonFixtures,
  TEKTON_V1_FIXTURES_DIR,
} from './tekton/contract/contractOf';
export type { TektonFixture } from './tekton/contract/contractOf';
export type { PodLogSource } from './apiserver/ApiServer';
