import { createApiRef } from '@backstage/core-plugin-api';
import type { HealthResponse } from '@tekton-dag/plugin-tekton-dag-common';

/** A cluster as the backend describes it: never with credentials. */
export interface ClusterInfo {
  name: string;
  type: 'local' | 'kubeconfig' | 'inCluster' | 'url';
  namespaces?: string[];
}

/** The tekton-dag backend, as the frontend sees it. */
export interface TektonDagApi {
  getHealth(): Promise<HealthResponse>;
  getClusters(): Promise<{ items: ClusterInfo[] }>;
}

export const tektonDagApiRef = createApiRef<TektonDagApi>({
  id: 'plugin.tekton-dag.api',
});
