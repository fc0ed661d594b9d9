import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { HealthResponse } from '@tekton-dag/plugin-tekton-dag-common';
import type { ClusterInfo, TektonDagApi } from './TektonDagApi';

/** Talks to the tekton-dag backend's REST API with the signed-in user's identity. */
export class TektonDagClient implements TektonDagApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getHealth(): Promise<HealthResponse> {
    return this.get('/health');
  }

  getClusters(): Promise<{ items: ClusterInfo[] }> {
    return this.get('/clusters');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('tekton-dag');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
