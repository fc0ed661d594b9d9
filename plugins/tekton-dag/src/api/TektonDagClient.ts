import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EntityGitOps,
  EntityPipeline,
  EntityTestHistory,
  TaskReport,
  TestCasePage,
  HealthResponse,
  Page,
  ParamValue,
  Run,
  RunDetails,
} from '@tekton-dag/plugin-tekton-dag-common';
import type {
  CancelMode,
  ClusterInfo,
  GitOpsActionResult,
  LogRequest,
  RunFilter,
  TektonDagApi,
  TestCaseQuery,
} from './TektonDagApi';

const entityPath = (entity: CompoundEntityRef) =>
  `/entities/${encodeURIComponent(
    entity.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(entity.namespace)}/${encodeURIComponent(
    entity.name,
  )}`;

/** Talks to the tekton-dag backend's REST API with the signed-in user's identity. */
export class TektonDagClient implements TektonDagApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getHealth(): Promise<HealthResponse> {
    return this.request('/health');
  }

  getClusters(): Promise<{ items: ClusterInfo[] }> {
    return this.request('/clusters');
  }

  getEntityPipelines(
    entity: CompoundEntityRef,
  ): Promise<{ items: EntityPipeline[] }> {
    return this.request(`${entityPath(entity)}/pipelines`);
  }

  listRuns(
    filter: RunFilter,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<Run>> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filter, ...page })) {
      if (value === undefined || value === '') continue;
      if (Array.isArray(value)) {
        if (value.length) query.set(key, value.join(','));
      } else query.set(key, String(value));
    }
    const text = query.toString();
    return this.request(`/runs${text ? `?${text}` : ''}`);
  }

  getRun(id: string): Promise<RunDetails> {
    return this.request(`/runs/${encodeURIComponent(id)}`);
  }

  createRun(
    entity: CompoundEntityRef,
    request: {
      pipeline: string;
      params?: Record<string, ParamValue>;
      cluster?: string;
    },
  ): Promise<Run> {
    return this.request(`${entityPath(entity)}/runs`, {
      method: 'POST',
      body: request,
    });
  }

  rerun(id: string, params?: Record<string, ParamValue>): Promise<Run> {
    return this.request(`/runs/${encodeURIComponent(id)}/rerun`, {
      method: 'POST',
      body: params ? { params } : {},
    });
  }

  cancel(id: string, mode?: CancelMode): Promise<Run> {
    return this.request(`/runs/${encodeURIComponent(id)}/cancel`, {
      method: 'POST',
      body: mode ? { mode } : {},
    });
  }

  async streamLogs(
    request: LogRequest,
    onText: (text: string) => void,
  ): Promise<void> {
    const query = new URLSearchParams();
    if (request.step) query.set('step', request.step);
    if (request.follow) query.set('follow', 'true');
    const baseUrl = await this.options.discoveryApi.getBaseUrl('tekton-dag');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/runs/${encodeURIComponent(
        request.runId,
      )}/tasks/${encodeURIComponent(request.taskRunName)}/logs?${query}`,
      { signal: request.signal },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    if (!response.body) {
      onText(await response.text());
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        if (text) onText(text);
      }
      const rest = decoder.decode();
      if (rest) onText(rest);
    } catch (error) {
      if ((error as Error)?.name !== 'AbortError') throw error;
    }
  }

  getRunReports(runId: string): Promise<{ items: TaskReport[] }> {
    return this.request(`/runs/${encodeURIComponent(runId)}/reports`);
  }

  listTestCases(query: TestCaseQuery): Promise<TestCasePage> {
    const search = new URLSearchParams();
    if (query.status?.length) search.set('status', query.status.join(','));
    if (query.q) search.set('q', query.q);
    if (query.limit !== undefined) search.set('limit', String(query.limit));
    if (query.offset !== undefined) search.set('offset', String(query.offset));
    const text = search.toString();
    return this.request(
      `/runs/${encodeURIComponent(query.runId)}/reports/${encodeURIComponent(
        query.pipelineTask,
      )}/tests${text ? `?${text}` : ''}`,
    );
  }

  getEntityTests(
    entity: CompoundEntityRef,
    options: { pipeline?: string; limit?: number } = {},
  ): Promise<EntityTestHistory> {
    const search = new URLSearchParams();
    if (options.pipeline) search.set('pipeline', options.pipeline);
    if (options.limit !== undefined) search.set('limit', String(options.limit));
    const text = search.toString();
    return this.request(`${entityPath(entity)}/tests${text ? `?${text}` : ''}`);
  }

  getEntityGitOps(entity: CompoundEntityRef): Promise<EntityGitOps> {
    return this.request(`${entityPath(entity)}/gitops`);
  }

  syncApplication(
    entity: CompoundEntityRef,
    application: string,
  ): Promise<GitOpsActionResult> {
    return this.requestApplicationAction(entity, application, 'sync');
  }

  refreshApplication(
    entity: CompoundEntityRef,
    application: string,
  ): Promise<GitOpsActionResult> {
    return this.requestApplicationAction(entity, application, 'refresh');
  }

  /** Sync and refresh are one backend route each, alike but for the last segment. */
  private requestApplicationAction(
    entity: CompoundEntityRef,
    application: string,
    action: GitOpsActionResult['requested'],
  ): Promise<GitOpsActionResult> {
    return this.request(
      `${entityPath(entity)}/gitops/applications/${encodeURIComponent(
        application,
      )}/${action}`,
      { method: 'POST', body: {} },
    );
  }

  private async request<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('tekton-dag');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(init.body),
      }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
