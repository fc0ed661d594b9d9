import type {
  RunDetails,
  RunStatus,
  StepSummary,
  TaskRunSummary,
} from '@tekton-dag/plugin-tekton-dag-common';

/** A bar's place on the time track, in percent of the run's span. */
export interface BarPlacement {
  leftPct: number;
  widthPct: number;
}

export interface TimelineStep {
  step: StepSummary;
  /** In percent of its task's bar, since steps are drawn inside it. */
  placement: BarPlacement;
  durationMs: number;
}

/** A task run that has started, drawn as a bar. */
export interface StartedTaskRow {
  pipelineTask: string;
  taskRun: TaskRunSummary;
  status: RunStatus;
  startMs: number;
  /** The completion time, or `now` while it runs. */
  endMs: number;
  placement: BarPlacement;
  steps: TimelineStep[];
}

/** A pipeline task without a bar: its task run has not started, or it has none yet. */
export interface WaitingTaskRow {
  pipelineTask: string;
  status: RunStatus;
  skipped: boolean;
  skippedReason?: string;
}

export interface Timeline {
  startMs: number;
  spanMs: number;
  started: StartedTaskRow[];
  waiting: WaitingTaskRow[];
}

const isActive = (status: RunStatus) =>
  status === 'Running' || status === 'Pending';

/**
 * The Gantt chart of a run: its time span (from its start to its last end, or `now` while
 * it runs) and each task run placed on it, ordered by start time.
 */
export function buildTimeline(run: RunDetails, now: number): Timeline {
  const endOf = (startedAt: string, completedAt?: string) =>
    completedAt
      ? Date.parse(completedAt)
      : Math.max(now, Date.parse(startedAt));

  const startedRuns = run.taskRuns.filter(t => t.startedAt);
  const starts = startedRuns.map(t => Date.parse(t.startedAt!));
  if (run.startedAt) starts.push(Date.parse(run.startedAt));
  const startMs = starts.length
    ? Math.min(...starts)
    : Date.parse(run.createdAt);

  const ends = startedRuns.flatMap(t => [
    endOf(t.startedAt!, t.completedAt),
    ...t.steps
      .filter(s => s.startedAt)
      .map(s => endOf(s.startedAt!, s.completedAt)),
  ]);
  if (run.completedAt) ends.push(Date.parse(run.completedAt));
  else if (isActive(run.status)) ends.push(now);
  // A span of at least a second keeps the arithmetic (and the axis) sane for instant runs.
  const spanMs = Math.max(1000, Math.max(startMs, ...ends) - startMs);

  const placeWithin =
    (origin: number, span: number) =>
    (from: number, to: number): BarPlacement => {
      if (span <= 0) return { leftPct: 0, widthPct: 0 };
      const clamp = (pct: number) => Math.min(100, Math.max(0, pct));
      const left = clamp(((from - origin) / span) * 100);
      const right = clamp(((to - origin) / span) * 100);
      return { leftPct: left, widthPct: Math.max(0, right - left) };
    };
  const place = placeWithin(startMs, spanMs);
  const order = new Map(run.dag.nodes.map((node, index) => [node.name, index]));
  const dagOrder = (task: string) => order.get(task) ?? order.size;

  const started = startedRuns
    .map((taskRun): StartedTaskRow => {
      const taskStart = Date.parse(taskRun.startedAt!);
      const taskEnd = endOf(taskRun.startedAt!, taskRun.completedAt);
      const placeStep = placeWithin(taskStart, taskEnd - taskStart);
      return {
        pipelineTask: taskRun.pipelineTask,
        taskRun,
        status: taskRun.status,
        startMs: taskStart,
        endMs: taskEnd,
        placement: place(taskStart, taskEnd),
        steps: taskRun.steps
          .filter(step => step.startedAt)
          .map(step => {
            const stepStart = Date.parse(step.startedAt!);
            const stepEnd = endOf(step.startedAt!, step.completedAt);
            return {
              step,
              placement: placeStep(stepStart, stepEnd),
              durationMs: stepEnd - stepStart,
            };
          }),
      };
    })
    // Kubernetes' timestamps are whole seconds, so tasks often start "together": then the
    // pipeline's own order (the DAG's), not the backend's alphabetical one.
    .sort(
      (a, b) =>
        a.startMs - b.startMs ||
        dagOrder(a.pipelineTask) - dagOrder(b.pipelineTask),
    );

  const skipped = new Map(
    (run.skippedTasks ?? []).map(s => [s.name, s.reason] as const),
  );
  const withTaskRun = new Set(run.taskRuns.map(t => t.pipelineTask));
  const waiting: WaitingTaskRow[] = [
    ...run.taskRuns
      .filter(t => !t.startedAt)
      .map(t => ({
        pipelineTask: t.pipelineTask,
        status: t.status,
        skipped: false,
      })),
    ...[...run.dag.nodes.map(n => n.name), ...skipped.keys()]
      .filter((name, i, all) => all.indexOf(name) === i)
      .filter(name => !withTaskRun.has(name))
      .map(name => ({
        pipelineTask: name,
        status: 'Pending' as const,
        skipped: skipped.has(name),
        skippedReason: skipped.get(name),
      })),
  ];

  return { startMs, spanMs, started, waiting };
}
