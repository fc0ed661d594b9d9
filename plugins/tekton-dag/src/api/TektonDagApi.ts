import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EntityPipeline,
  HealthResponse,
  Page,
  ParamValue,
  Run,
  RunDetails,
  RunStatus,
} from '@tekton-dag/plugin-tekton-dag-common';

/** A cluster as the backend describes it: never with credentials. */
export interface ClusterInfo {
  name: string;
  type: 'local' | 'kubeconfig' | 'inCluster' | 'url';
  namespaces?: string[];
  reachable?: boolean;
  lastSyncAt?: string;
}

/** Filters of the run lists (entity tab and portal-wide page); all optional. */
export interface RunFilter {
  entityRef?: string;
  /** Runs of the entities this user or group owns. */
  owner?: string;
  pipeline?: string;
  status?: RunStatus[];
  cluster?: string;
  /** Free text: run name, pipeline, entity, revision. */
  q?: string;
  /** ISO timestamps: runs created in [from, to). */
  from?: string;
  to?: string;
}

export type CancelMode =
  | 'Cancelled'
  | 'CancelledRunFinally'
  | 'StoppedRunFinally';

export interface LogRequest {
  runId: string;
  taskRunName: string;
  step?: string;
  /** Keep the response open and stream new lines while the step runs. */
  follow?: boolean;
  signal?: AbortSignal;
}

/** The tekton-dag backend, as the frontend sees it. */
export interface TektonDagApi {
  getHealth(): Promise<HealthResponse>;
  getClusters(): Promise<{ items: ClusterInfo[] }>;
  getEntityPipelines(
    entity: CompoundEntityRef,
  ): Promise<{ items: EntityPipeline[] }>;
  listRuns(
    filter: RunFilter,
    page?: { limit?: number; cursor?: string },
  ): Promise<Page<Run>>;
  getRun(id: string): Promise<RunDetails>;
  createRun(
    entity: CompoundEntityRef,
    request: {
      pipeline: string;
      params?: Record<string, ParamValue>;
      cluster?: string;
    },
  ): Promise<Run>;
  rerun(id: string, params?: Record<string, ParamValue>): Promise<Run>;
  cancel(id: string, mode?: CancelMode): Promise<Run>;
  /**
   * A step's log as a stream of text chunks: live from the pod while it runs, archived
   * afterwards. Calls `onText` for each chunk; resolves when the log ends (or is aborted).
   */
  streamLogs(
    request: LogRequest,
    onText: (text: string) => void,
  ): Promise<void>;
}

export const tektonDagApiRef = createApiRef<TektonDagApi>({
  id: 'plugin.tekton-dag.api',
});
