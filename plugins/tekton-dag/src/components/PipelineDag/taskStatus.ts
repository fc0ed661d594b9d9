import type {
  DagNode,
  RunStatus,
  SkippedTask,
  TaskRunSummary,
} from '@tekton-dag/plugin-tekton-dag-common';
import { formatElapsed } from '../RunStatus/formatDuration';
import { RUN_STATUS_LABELS } from '../RunStatus/runStatusLabels';

/** What a task box shows: a run status, or that the task has not run (yet or at all). */
export type DagTaskStatus = RunStatus | 'NotStarted' | 'Skipped';

export const DAG_TASK_STATUSES: DagTaskStatus[] = [
  'Succeeded',
  'Failed',
  'Running',
  'Pending',
  'Cancelled',
  'TimedOut',
  'NotStarted',
  'Skipped',
];

export const DAG_TASK_STATUS_LABELS: Record<DagTaskStatus, string> = {
  ...RUN_STATUS_LABELS,
  NotStarted: 'Not started',
  Skipped: 'Skipped',
};

/** The status a matrix task shows for its TaskRuns: the first of these that any of them has. */
const AGGREGATE_PRIORITY: RunStatus[] = [
  'Failed',
  'TimedOut',
  'Cancelled',
  'Running',
  'Pending',
  'Succeeded',
];

export interface DagTaskState {
  status: DagTaskStatus;
  /** "1m 05s" once it started; for unfinished tasks, the time since it started. */
  duration?: string;
  /** How many TaskRuns a matrix task fans out to. */
  fanOut?: number;
  skipReason?: string;
}

/**
 * The state of one pipeline task from its TaskRuns (several for a matrix task) or its entry
 * among the run's skipped tasks.
 */
export function taskState(
  node: DagNode,
  runs: TaskRunSummary[] | undefined,
  skipped: SkippedTask | undefined,
  nowMs: number,
): DagTaskState {
  const fanOut = node.matrix
    ? node.matrix.combinations ?? runs?.length
    : undefined;
  if (!runs || runs.length === 0) {
    if (skipped) {
      return { status: 'Skipped', skipReason: skipped.reason, fanOut };
    }
    return { status: 'NotStarted', fanOut };
  }

  let status: RunStatus = runs[0].status;
  let started = Infinity;
  let finished = -Infinity;
  let unfinished = false;
  for (const run of runs) {
    if (
      AGGREGATE_PRIORITY.indexOf(run.status) <
      AGGREGATE_PRIORITY.indexOf(status)
    ) {
      status = run.status;
    }
    if (run.startedAt) started = Math.min(started, Date.parse(run.startedAt));
    if (run.completedAt) {
      finished = Math.max(finished, Date.parse(run.completedAt));
    } else if (run.status === 'Running' || run.status === 'Pending') {
      unfinished = true;
    }
  }
  let duration: string | undefined;
  const end = unfinished ? nowMs : finished;
  if (Number.isFinite(started) && Number.isFinite(end)) {
    duration = formatElapsed(end - started);
  }
  return { status, duration, fanOut };
}

/** The accessible name of a task box, e.g. "build: Succeeded, 1m 05s". */
export function taskAccessibleName(
  label: string,
  node: DagNode,
  state: DagTaskState,
): string {
  const parts = [DAG_TASK_STATUS_LABELS[state.status]];
  if (state.duration) parts.push(state.duration);
  if (state.skipReason) parts.push(state.skipReason);
  if (node.matrix) parts.push(`matrix ×${state.fanOut ?? '?'}`);
  if (node.conditional) parts.push('has when expressions');
  if (node.finally) parts.push('finally');
  return `${label}: ${parts.join(', ')}`;
}
