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

export interface RunChangedSignal {
  type: 'run';
  runId: string;
  status: string;
}

export interface TaskRunsChangedSignal {
  type: 'taskRuns';
  runId: string;
  taskRuns: Array<{ name: string; status: string }>;
}
