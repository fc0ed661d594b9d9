import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import Typography from '@material-ui/core/Typography';
import type {
  Dag,
  SkippedTask,
  TaskRunSummary,
} from '@tekton-dag/plugin-tekton-dag-common';
import { DagEdges } from './DagEdges';
import { DagLegend } from './DagLegend';
import { DagNodeView } from './DagNodeView';
import { DagTestBadge } from './DagTestBadge';
import { DagViewport, DagViewportHandle } from './DagViewport';
import { layoutDag } from './layoutDag';
import { taskState } from './taskStatus';
import { useDagStyles } from './useDagStyles';

export interface PipelineDagProps {
  dag: Dag;
  /** The run's TaskRuns; a task's are those whose `pipelineTask` is its name. */
  taskRuns?: TaskRunSummary[];
  skippedTasks?: SkippedTask[];
  selectedTask?: string;
  onSelectTask?: (pipelineTask: string) => void;
  /** The time running tasks' durations count to; the clock, ticking, when not given. */
  now?: Date;
  /** The drawing's height in pixels; by default it follows the graph, within limits. */
  height?: number;
  /**
   * Tasks whose tests failed (failed or errored cases per pipeline task), each drawn with a
   * badge that links to those tests.
   */
  failingTests?: {
    counts: ReadonlyMap<string, number>;
    href: (pipelineTask: string) => string;
    onOpen: (pipelineTask: string) => void;
  };
}

const MIN_HEIGHT = 200;
const MAX_HEIGHT = 560;

/**
 * A pipeline's tasks as a graph, left to right in the order they can run, with each task's
 * status and duration in a run. Tasks can be selected by click or keyboard; the view pans by
 * dragging and zooms by wheel or its buttons.
 */
export function PipelineDag(props: PipelineDagProps) {
  const {
    dag,
    taskRuns,
    skippedTasks,
    selectedTask,
    onSelectTask,
    now,
    height,
    failingTests,
  } = props;
  const classes = useDagStyles();
  // Only a new graph is laid out again: status updates reuse the layout.
  const layout = useMemo(() => layoutDag(dag), [dag]);
  const viewport = useRef<DagViewportHandle>(null);

  const runsByTask = useMemo(() => {
    const byTask = new Map<string, TaskRunSummary[]>();
    for (const run of taskRuns ?? []) {
      const runs = byTask.get(run.pipelineTask);
      if (runs) runs.push(run);
      else byTask.set(run.pipelineTask, [run]);
    }
    return byTask;
  }, [taskRuns]);
  const skippedByTask = useMemo(
    () => new Map((skippedTasks ?? []).map(task => [task.name, task])),
    [skippedTasks],
  );

  // Without a given `now`, running tasks' durations tick every second.
  const running = useMemo(
    () => (taskRuns ?? []).some(run => run.status === 'Running'),
    [taskRuns],
  );
  const [, setTick] = useState(0);
  useEffect(() => {
    if (now || !running) return undefined;
    const timer = setInterval(() => setTick(tick => tick + 1), 1000);
    return () => clearInterval(timer);
  }, [now, running]);
  const nowMs = now ? now.getTime() : Date.now();

  // Stable callbacks, so that the memoised task boxes do not re-render for a new handler.
  const onSelectRef = useRef(onSelectTask);
  useEffect(() => {
    onSelectRef.current = onSelectTask;
  }, [onSelectTask]);
  const onSelect = useCallback(
    (name: string) => onSelectRef.current?.(name),
    [],
  );
  const onFocusTask = useCallback(
    (name: string) => {
      const box = layout.nodes.find(b => b.name === name);
      if (box) viewport.current?.reveal(box);
    },
    [layout],
  );

  if (dag.nodes.length === 0) {
    return (
      <div className={classes.empty} data-testid="pipeline-dag-empty">
        <Typography variant="body1" gutterBottom>
          This pipeline has no tasks to draw.
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Its spec lists no tasks or finally tasks; once it does, they appear
          here with each run's status.
        </Typography>
      </div>
    );
  }

  const lane = layout.finallyLane;
  return (
    <div className={classes.root} data-testid="pipeline-dag">
      <DagViewport
        ref={viewport}
        contentWidth={layout.width}
        contentHeight={layout.height}
        viewportHeight={
          height ?? Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, layout.height))
        }
        classes={classes}
      >
        {lane && (
          <g data-testid="dag-finally-lane">
            <rect
              className={classes.lane}
              x={lane.x}
              y={lane.y}
              width={lane.width}
              height={lane.height}
              rx={8}
            />
            <text className={classes.laneLabel} x={lane.x + 12} y={lane.y + 18}>
              {lane.label}
            </text>
          </g>
        )}
        <DagEdges
          edges={layout.edges}
          selectedTask={selectedTask}
          classes={classes}
        />
        {dag.nodes.map((node, i) => {
          const state = taskState(
            node,
            runsByTask.get(node.name),
            skippedByTask.get(node.name),
            nowMs,
          );
          return (
            <DagNodeView
              key={node.name}
              node={node}
              box={layout.nodes[i]}
              status={state.status}
              duration={state.duration}
              fanOut={state.fanOut}
              skipReason={state.skipReason}
              selected={node.name === selectedTask}
              classes={classes}
              onSelect={onSelect}
              onFocusTask={onFocusTask}
            />
          );
        })}
        {failingTests &&
          dag.nodes.map((node, i) => {
            const failing = failingTests.counts.get(node.name);
            return failing ? (
              <DagTestBadge
                key={node.name}
                box={layout.nodes[i]}
                pipelineTask={node.name}
                failing={failing}
                href={failingTests.href(node.name)}
                onOpen={failingTests.onOpen}
                classes={classes}
              />
            ) : null;
          })}
      </DagViewport>
      <DagLegend
        classes={classes}
        testBadges={dag.nodes.some(node => failingTests?.counts.get(node.name))}
      />
    </div>
  );
}
