import ButtonBase from '@material-ui/core/ButtonBase';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type {
  RunDetails,
  RunStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import { buildTimeline, StartedTaskRow, WaitingTaskRow } from './buildTimeline';
import {
  formatDuration,
  formatElapsed,
  RunStatusIcon,
  statusColor,
} from '../RunStatus';
import { axisTicks, tickStep } from './timeAxis';
import { useNow } from '../../hooks/useNow';

const LABEL_WIDTH = 200;
const DURATION_WIDTH = 80;

const useStyles = makeStyles(
  theme => ({
    root: {
      width: '100%',
    },
    axis: {
      display: 'flex',
      height: 24,
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
    label: {
      width: LABEL_WIDTH,
      flexShrink: 0,
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      paddingLeft: theme.spacing(1),
      paddingRight: theme.spacing(1),
      overflow: 'hidden',
    },
    taskName: {
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    },
    track: {
      position: 'relative',
      flex: 1,
      minWidth: 0,
      alignSelf: 'stretch',
    },
    tick: {
      ...theme.typography.caption,
      position: 'absolute',
      bottom: 2,
      transform: 'translateX(-50%)',
      color: theme.palette.text.secondary,
      whiteSpace: 'nowrap',
    },
    firstTick: {
      transform: 'none',
    },
    duration: {
      ...theme.typography.body2,
      width: DURATION_WIDTH,
      flexShrink: 0,
      alignSelf: 'center',
      paddingLeft: theme.spacing(1),
      paddingRight: theme.spacing(1),
      textAlign: 'right',
      fontVariantNumeric: 'tabular-nums',
    },
    rows: {
      listStyle: 'none',
      margin: 0,
      padding: 0,
    },
    row: {
      width: '100%',
      minHeight: 32,
      display: 'flex',
      alignItems: 'stretch',
      justifyContent: 'flex-start',
      textAlign: 'left',
      borderBottom: `1px solid ${theme.palette.divider}`,
      '&:hover': {
        background: theme.palette.action.hover,
      },
    },
    selected: {
      background: theme.palette.action.selected,
      '&:hover': {
        background: theme.palette.action.selected,
      },
    },
    focusVisible: {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
    bar: {
      position: 'absolute',
      top: 6,
      bottom: 6,
      minWidth: 2,
      display: 'flex',
      flexDirection: 'column',
      gap: 1,
    },
    barFill: {
      flex: 1,
      borderRadius: 2,
    },
    // Stripes tell running bars apart without relying on colour alone.
    running: {
      backgroundImage:
        'linear-gradient(45deg, rgba(255,255,255,.3) 25%, transparent 25%, transparent 50%, rgba(255,255,255,.3) 50%, rgba(255,255,255,.3) 75%, transparent 75%, transparent)',
      backgroundSize: '12px 12px',
    },
    steps: {
      position: 'relative',
      height: 4,
    },
    step: {
      position: 'absolute',
      top: 0,
      bottom: 0,
      minWidth: 1,
      boxSizing: 'border-box',
      borderRight: `1px solid ${theme.palette.background.paper}`,
    },
    waiting: {
      ...theme.typography.body2,
      alignSelf: 'center',
      paddingLeft: theme.spacing(1),
      color: theme.palette.text.secondary,
      fontStyle: 'italic',
    },
    empty: {
      padding: theme.spacing(2),
      color: theme.palette.text.secondary,
    },
  }),
  { name: 'TektonDagRunTimeline' },
);

export interface RunTimelineProps {
  run: RunDetails;
  /** The time running bars extend to; the clock when omitted. */
  now?: Date;
  /** The pipeline task shown as selected. */
  selectedTask?: string;
  onSelectTask?: (pipelineTask: string) => void;
}

const joinClasses = (...names: Array<string | false>) =>
  names.filter(Boolean).join(' ');

const formatTime = (ms: number) => new Date(ms).toLocaleString();

/** A row's task name with its status icon, the same for rows with and without a bar. */
function TaskLabel(props: {
  classes: Record<'label' | 'taskName', string>;
  status: RunStatus;
  pipelineTask: string;
}) {
  return (
    <span className={props.classes.label}>
      <RunStatusIcon status={props.status} fontSize="small" />
      <Typography
        component="span"
        variant="body2"
        className={props.classes.taskName}
      >
        {props.pipelineTask}
      </Typography>
    </span>
  );
}

/** A Gantt chart of a run: one bar per task run, thin step bars inside, on a time axis. */
export function RunTimeline(props: RunTimelineProps) {
  const { run, selectedTask, onSelectTask } = props;
  const classes = useStyles();
  const theme = useTheme();
  const live =
    run.status === 'Running' ||
    run.status === 'Pending' ||
    run.taskRuns.some(t => t.status === 'Running' && !t.completedAt);
  const now = useNow(props.now, live);

  if (run.taskRuns.length === 0) {
    return (
      <Typography className={classes.empty} variant="body2">
        No task has run yet. Bars appear here as the pipeline's tasks start.
      </Typography>
    );
  }

  const timeline = buildTimeline(run, now);
  const ticks = axisTicks(timeline.spanMs);
  // Vertical grid lines at the ticks, drawn as a repeating background of each track.
  const grid = {
    backgroundImage: `linear-gradient(to right, ${theme.palette.divider} 1px, transparent 1px)`,
    backgroundSize: `${
      (tickStep(timeline.spanMs) / timeline.spanMs) * 100
    }% 100%`,
  };

  const rowProps = (pipelineTask: string) => ({
    className: joinClasses(
      classes.row,
      pipelineTask === selectedTask && classes.selected,
    ),
    focusVisibleClassName: classes.focusVisible,
    'aria-current':
      pipelineTask === selectedTask ? ('true' as const) : undefined,
    onClick: () => onSelectTask?.(pipelineTask),
  });

  const renderStarted = (row: StartedTaskRow) => {
    const durationMs = row.endMs - row.startMs;
    const finished = Boolean(row.taskRun.completedAt);
    const title = [
      row.pipelineTask,
      `Started ${formatTime(row.startMs)}`,
      finished ? `Finished ${formatTime(row.endMs)}` : 'Still running',
    ].join('\n');
    return (
      <li key={row.taskRun.name}>
        <ButtonBase
          {...rowProps(row.pipelineTask)}
          aria-label={`${row.pipelineTask}, ${row.status}, ${formatElapsed(
            durationMs,
          )}`}
          title={title}
        >
          <TaskLabel
            classes={classes}
            status={row.status}
            pipelineTask={row.pipelineTask}
          />
          <span className={classes.track} style={grid}>
            <span
              className={classes.bar}
              data-testid="task-bar"
              style={{
                left: `${row.placement.leftPct}%`,
                width: `${row.placement.widthPct}%`,
              }}
            >
              <span
                className={joinClasses(
                  classes.barFill,
                  !finished && classes.running,
                )}
                style={{ backgroundColor: statusColor(theme, row.status) }}
              />
              <span className={classes.steps}>
                {row.steps.map(({ step, placement, durationMs: stepMs }) => (
                  <span
                    key={step.name}
                    className={classes.step}
                    data-testid="step-bar"
                    title={`${step.name}: ${step.status}, ${formatElapsed(
                      stepMs,
                    )}`}
                    style={{
                      left: `${placement.leftPct}%`,
                      width: `${placement.widthPct}%`,
                      backgroundColor: statusColor(theme, step.status),
                    }}
                  />
                ))}
              </span>
            </span>
          </span>
          <span className={classes.duration}>{formatElapsed(durationMs)}</span>
        </ButtonBase>
      </li>
    );
  };

  const renderWaiting = (row: WaitingTaskRow) => {
    const text = row.skipped
      ? `skipped${row.skippedReason ? `: ${row.skippedReason}` : ''}`
      : 'not started';
    return (
      <li key={`waiting-${row.pipelineTask}`}>
        <ButtonBase
          {...rowProps(row.pipelineTask)}
          aria-label={`${row.pipelineTask}, ${
            row.skipped ? 'skipped' : 'not started'
          }`}
        >
          <TaskLabel
            classes={classes}
            status={row.status}
            pipelineTask={row.pipelineTask}
          />
          <span className={classes.track} style={grid}>
            <span className={classes.waiting}>{text}</span>
          </span>
          <span className={classes.duration} />
        </ButtonBase>
      </li>
    );
  };

  return (
    <div className={classes.root}>
      <div className={classes.axis} aria-hidden data-testid="time-axis">
        <span className={classes.label} />
        <span className={classes.track}>
          {ticks.map((tick, i) => (
            <span
              key={tick}
              className={joinClasses(
                classes.tick,
                i === 0 && classes.firstTick,
              )}
              style={{ left: `${(tick / timeline.spanMs) * 100}%` }}
            >
              {formatDuration(tick)}
            </span>
          ))}
        </span>
        <span className={classes.duration} />
      </div>
      <ol className={classes.rows} aria-label="Tasks by start time">
        {timeline.started.map(renderStarted)}
        {timeline.waiting.map(renderWaiting)}
      </ol>
    </div>
  );
}
