/**
 * Node.js code shared by the tekton-dag backend plugin and its modules (scaffolder, search):
 * the clusters of `tektonDag.clusters` and how to reach them.
 *
 * @packageDocumentation
 */
export {
  CLUSTER_TYPES,
  readClustersConfig,
  toPublicClusterInfo,
} from './clusters/readClustersConfig';
export type {
  ClusterConfig,
  ClusterType,
  PublicClusterInfo,
} from './clusters/readClustersConfig';
export {
  ClusterConnection,
  ClusterRegistry,
  findLocalKubeconfig,
} from './clusters/ClusterRegistry';
