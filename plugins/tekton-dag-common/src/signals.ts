/**
 * Signal channels the backend publishes on and the frontend subscribes to. Messages carry ids
 * and statuses only; the frontend then reads the details through the API, where permissions
 * are checked.
 */
export const tektonDagEntityChannel = (entityRef: string) =>
  `tekton-dag:entity:${entityRef}`;
export const tektonDagRunChannel = (runId: string) => `tekton-dag:run:${runId}`;
/** Every run's status changes (not its tasks'), for the portal-wide pipelines page. */
export const tektonDagAllRunsChannel = 'tekton-dag:runs';

/**
 * A run changed. On its own channel: any change. On its entity's and the portal-wide channel:
 * only status transitions, each published once (by the replica that recorded it), with the
 * status before (absent for a run seen for the first time).
 */
export interface RunChangedSignal {
  type: 'run';
  runId: string;
  status: string;
  previousStatus?: string;
}

export interface TaskRunsChangedSignal {
  type: 'taskRuns';
  runId: string;
  taskRuns: Array<{ name: string; status: string }>;
}

/** A task's test report was stored (an upload, or a junit-summary result), on the run's channel. */
export interface ReportsChangedSignal {
  type: 'reports';
  runId: string;
  pipelineTask: string;
}

/** An entity's Argo CD Applications changed (sync, health, operation, history). */
export const tektonDagGitOpsChannel = (entityRef: string) =>
  `tekton-dag:gitops:${entityRef}`;

export interface GitOpsChangedSignal {
  type: 'gitops';
  /** The Application that changed. */
  application: string;
  syncStatus?: string;
  healthStatus?: string;
}
