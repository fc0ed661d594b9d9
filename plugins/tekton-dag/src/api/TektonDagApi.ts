import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EntityGitOps,
  EntityPipeline,
  EntityTestHistory,
  TaskReport,
  TestCasePage,
  TestCaseStatus,
  HealthResponse,
  Page,
  ParamValue,
  Run,
  RunDetails,
  RunStatus,
  TriggerKind,
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
  /** How the runs were started, e.g. `pull_request`: any of these. */
  trigger?: TriggerKind[];
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

/** Which of a task's test cases to list, and the page. */
export interface TestCaseQuery {
  runId: string;
  pipelineTask: string;
  status?: TestCaseStatus[];
  /** Text in the suite, class or test name. */
  q?: string;
  limit?: number;
  offset?: number;
}

/** What the backend answers (202) when it asked Argo CD to sync or refresh an Application. */
export interface GitOpsActionResult {
  application: string;
  requested: 'sync' | 'refresh';
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
  /** The run's test reports per task: totals, suites, failures, coverage. */
  getRunReports(runId: string): Promise<{ items: TaskReport[] }>;
  /** A page of one task's test cases, failures first. */
  listTestCases(query: TestCaseQuery): Promise<TestCasePage>;
  /** The entity's test trend, flaky tests and slowest tests over its last runs. */
  getEntityTests(
    entity: CompoundEntityRef,
    options?: { pipeline?: string; limit?: number },
  ): Promise<EntityTestHistory>;
  /**
   * The entity's Argo CD Applications (`argocd/app-name` or `argocd/app-selector`): sync and
   * health, operation, history with the runs that built each revision, resources; and the
   * sources that could not be read.
   */
  getEntityGitOps(entity: CompoundEntityRef): Promise<EntityGitOps>;
  /** Asks Argo CD to sync one of the entity's Applications (`tekton-dag.gitops.sync`). */
  syncApplication(
    entity: CompoundEntityRef,
    application: string,
  ): Promise<GitOpsActionResult>;
  /** Asks Argo CD to refresh (compare with git again) one of the entity's Applications. */
  refreshApplication(
    entity: CompoundEntityRef,
    application: string,
  ): Promise<GitOpsActionResult>;
}

export const tektonDagApiRef = createApiRef<TektonDagApi>({
  id: 'plugin.tekton-dag.api',
});
