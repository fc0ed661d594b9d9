import {
  buildPipelineDag,
  findTaskResultReferences,
  type PipelineSpec,
  type PipelineTask,
} from '@tekton-dag/plugin-tekton-dag-common';

/*
 * The PipelineRun's DAG decisions, as Tekton's controller makes them, without any I/O: given the
 * spec and where each task stands, which tasks start now, which are skipped (and Tekton's reason
 * why), what `$(tasks.status)` is, and how the run ends. The controller does the running.
 */

export type TaskState =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'cancelled';

/** Why no new task starts any more, once one is. */
export type StopReason =
  | 'failed'
  | 'cancelled'
  | 'cancelledRunFinally'
  | 'stoppedRunFinally'
  | 'timeout';

export interface Decisions {
  /** Tasks to start now. */
  start: string[];
  /** Tasks that will not run, with Tekton's skipping reason. */
  skip: Array<{ name: string; reason: string }>;
}

/** Tekton's skipping reasons (v1 SkippingReason). */
export const SKIP_REASONS = {
  parentsSkipped: 'Parent Tasks were skipped',
  resultsMissing: 'Results were missing',
  whenFalse: 'When Expressions evaluated to false',
  stopping: 'PipelineRun was stopping',
  cancelled: 'PipelineRun was cancelled',
  gracefullyStopped: 'PipelineRun was gracefully stopped',
  timeout: 'PipelineRun timeout has been reached',
} as const;

const STOPPING_REASONS: Record<StopReason, string> = {
  failed: SKIP_REASONS.stopping,
  cancelled: SKIP_REASONS.cancelled,
  cancelledRunFinally: SKIP_REASONS.cancelled,
  stoppedRunFinally: SKIP_REASONS.gracefullyStopped,
  timeout: SKIP_REASONS.timeout,
};

/** The tasks whose results a pipeline task uses (in params, when, matrix; not its own steps). */
export function resultProducersOf(task: PipelineTask): Set<string> {
  const { taskSpec: _embedded, ...usage } = task;
  return new Set(findTaskResultReferences(usage).map(ref => ref.task));
}

/** Each task's parents in the DAG (runAfter and result references). */
export function parentsOf(spec: PipelineSpec): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const edge of buildPipelineDag(spec).edges)
    parents.set(edge.to, [...(parents.get(edge.to) ?? []), edge.from]);
  return parents;
}

const isActive = (state: TaskState | undefined) =>
  state === 'pending' || state === 'running';

/**
 * The tasks (not finally) to start or skip now: a pending task whose parents have all ended is
 * skipped when the run is stopping, a parent failed, a result it uses is missing or its `when`
 * does not hold; otherwise it starts.
 */
export function decideTasks(options: {
  tasks: PipelineTask[];
  parents: Map<string, string[]>;
  states: Map<string, TaskState>;
  stopping?: StopReason;
  whenHolds: (task: PipelineTask) => boolean;
}): Decisions {
  const { tasks, parents, stopping, whenHolds } = options;
  const decisions: Decisions = { start: [], skip: [] };
  // A skip can decide a dependent at once (its parents have all ended now): repeat until
  // nothing changes. Started tasks count as running, so their dependents wait.
  const states = new Map(options.states);
  for (let changed = true; changed; ) {
    changed = false;
    for (const task of tasks) {
      if (states.get(task.name) !== 'pending') continue;
      const before = parents.get(task.name) ?? [];
      const parentStates = before.map(p => states.get(p));
      if (parentStates.some(isActive)) continue;
      const producers = resultProducersOf(task);
      let reason: string | undefined;
      if (stopping) reason = STOPPING_REASONS[stopping];
      else if (parentStates.some(s => s === 'failed' || s === 'cancelled'))
        reason = SKIP_REASONS.parentsSkipped;
      else if (
        before.some(p => states.get(p) === 'skipped' && producers.has(p))
      )
        reason = SKIP_REASONS.resultsMissing;
      else if (!whenHolds(task)) reason = SKIP_REASONS.whenFalse;
      if (reason) decisions.skip.push({ name: task.name, reason });
      else decisions.start.push(task.name);
      states.set(task.name, reason ? 'skipped' : 'running');
      changed = true;
    }
  }
  return decisions;
}

/**
 * The finally tasks, once every task has ended: all start together, except one that uses a
 * result of a task that did not succeed, or whose `when` does not hold.
 */
export function decideFinally(options: {
  finallyTasks: PipelineTask[];
  states: Map<string, TaskState>;
  whenHolds: (task: PipelineTask) => boolean;
}): Decisions {
  const decisions: Decisions = { start: [], skip: [] };
  for (const task of options.finallyTasks) {
    const missing = [...resultProducersOf(task)].some(
      producer => options.states.get(producer) !== 'succeeded',
    );
    if (missing)
      decisions.skip.push({
        name: task.name,
        reason: SKIP_REASONS.resultsMissing,
      });
    else if (!options.whenHolds(task))
      decisions.skip.push({ name: task.name, reason: SKIP_REASONS.whenFalse });
    else decisions.start.push(task.name);
  }
  return decisions;
}

/** `$(tasks.<name>.status)` of a task, for finally tasks. */
export function taskStatusVariable(state: TaskState): string {
  if (state === 'succeeded') return 'Succeeded';
  if (state === 'failed' || state === 'cancelled') return 'Failed';
  return 'None';
}

/** `$(tasks.status)`: Failed if any task failed, Completed if any was skipped, else Succeeded. */
export function aggregateTasksStatus(states: TaskState[]): string {
  if (states.some(s => s === 'failed' || s === 'cancelled')) return 'Failed';
  if (states.includes('skipped')) return 'Completed';
  return 'Succeeded';
}

/** How the run ends: its Succeeded condition's status and reason. */
export function runConclusion(options: {
  states: TaskState[];
  stopping?: StopReason;
  timedOut: boolean;
}): { status: 'True' | 'False'; reason: string } {
  const { states, stopping, timedOut } = options;
  if (timedOut) return { status: 'False', reason: 'PipelineRunTimeout' };
  if (
    stopping === 'cancelled' ||
    stopping === 'cancelledRunFinally' ||
    stopping === 'stoppedRunFinally'
  )
    return { status: 'False', reason: 'Cancelled' };
  if (states.some(s => s === 'failed' || s === 'cancelled'))
    return { status: 'False', reason: 'Failed' };
  if (states.includes('skipped'))
    return { status: 'True', reason: 'Completed' };
  return { status: 'True', reason: 'Succeeded' };
}
