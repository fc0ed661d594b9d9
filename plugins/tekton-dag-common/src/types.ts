import type { Dag } from './dag/types';
import type { ParamSpec, ParamValue } from './tekton/types';

/** The status of a run, simplified from Tekton's `Succeeded` condition. */
export type RunStatus =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Cancelled'
  | 'TimedOut';

export const RUN_STATUSES: RunStatus[] = [
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
  'Cancelled',
  'TimedOut',
];

/** A run (or task, or step) that ended in failure: it failed or timed out. */
export function isFailedStatus(status: RunStatus): boolean {
  return status === 'Failed' || status === 'TimedOut';
}

/** How a run came to be. */
export type TriggerKind =
  | 'portal'
  | 'rerun'
  | 'webhook'
  | 'pull_request'
  | 'trigger'
  | 'external';

export const TRIGGER_KINDS: TriggerKind[] = [
  'portal',
  'rerun',
  'webhook',
  'pull_request',
  'trigger',
  'external',
];

/** The pull request a run was started for (trigger `pull_request`). */
export interface RunPullRequest {
  forge: 'github' | 'gitea';
  host: string;
  /** `owner/name` */
  repository: string;
  number: number;
  url: string;
  title?: string;
  author?: string;
  /** The forge's event and action, e.g. `pull_request.synchronize`. */
  event: string;
  headSha: string;
  headRef?: string;
  baseSha?: string;
  baseRef?: string;
}

/** Why a generated run builds and tests what it does (see planPullRequest). */
export interface RunPlan {
  build: string[];
  test: string[];
  /** The Systems the built and tested components are part of. */
  systems?: string[];
  /** Sentences, e.g. "shop-web depends on shop-api: its integration tests run too." */
  explanation: string[];
}

export interface RunTrigger {
  kind: TriggerKind;
  /** A user entity ref for portal runs, a webhook sender, or the creator when known. */
  by?: string;
}

/** A PipelineRun as the portal keeps it: in the database, so it outlives the cluster object. */
export interface Run {
  /** The PipelineRun's UID. */
  id: string;
  name: string;
  namespace: string;
  cluster: string;
  entityRef?: string;
  pipeline: string;
  status: RunStatus;
  reason?: string;
  message?: string;
  createdAt: string;
  startedAt?: string;
  completedAt?: string;
  durationMs?: number;
  params: Record<string, ParamValue>;
  results: Record<string, ParamValue>;
  revision?: string;
  trigger: RunTrigger;
  /** For runs started by a pull request. */
  pullRequest?: RunPullRequest;
  /** For generated runs: what they build and test, and why. */
  plan?: RunPlan;
  /** Deleted from the cluster; history kept. */
  pruned: boolean;
}

export interface StepSummary {
  name: string;
  status: RunStatus;
  exitCode?: number;
  startedAt?: string;
  completedAt?: string;
}

export interface TaskRunSummary {
  name: string;
  pipelineTask: string;
  status: RunStatus;
  reason?: string;
  startedAt?: string;
  completedAt?: string;
  podName?: string;
  steps: StepSummary[];
  /** The TaskRun's params after substitution (spec.params). */
  params?: Record<string, ParamValue>;
  results: Record<string, ParamValue>;
}

/** A pipeline task Tekton did not run: its `when` expressions were false, or a parent failed. */
export interface SkippedTask {
  name: string;
  /** Tekton's reason, e.g. "When Expressions evaluated to false", "Parent Tasks were skipped". */
  reason?: string;
}

export interface RunDetails extends Run {
  taskRuns: TaskRunSummary[];
  /** The pipeline's task graph as this run ran it (nodes, edges, finally marked). */
  dag: Dag;
  skippedTasks?: SkippedTask[];
}

/** A Pipeline an entity can run. */
export interface EntityPipeline {
  name: string;
  cluster: string;
  namespace: string;
  description?: string;
  params: ParamSpec[];
  tasks: string[];
  latestRun?: Run;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface HealthResponse {
  status: 'ok';
}
