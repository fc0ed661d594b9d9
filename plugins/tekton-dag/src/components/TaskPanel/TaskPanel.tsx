import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CloseIcon from '@material-ui/icons/Close';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type {
  TaskReport,
  TaskRunSummary,
} from '@tekton-dag/plugin-tekton-dag-common';
import { ReactNode, useState } from 'react';
import { elapsedMs, formatElapsed, RunStatusLabel } from '../RunStatus';
import { TaskLogs } from '../TaskLogs';
import { ParamTable } from './ParamTable';
import { StepsTable } from './StepsTable';
import { TaskTestsNote } from './TaskTestsNote';

const useStyles = makeStyles(
  theme => ({
    header: {
      display: 'flex',
      alignItems: 'flex-start',
      justifyContent: 'space-between',
      gap: theme.spacing(1),
      marginBottom: theme.spacing(2),
    },
    title: {
      wordBreak: 'break-word',
    },
    subheader: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(2),
      marginTop: theme.spacing(0.5),
      color: theme.palette.text.secondary,
    },
    section: {
      marginTop: theme.spacing(3),
    },
  }),
  { name: 'TektonDagTaskPanel' },
);

export interface TaskPanelProps {
  runId: string;
  /** The pipeline task's TaskRun; undefined when it was skipped or has not started. */
  taskRun?: TaskRunSummary;
  pipelineTask: string;
  /** Why Tekton skipped the task, when it did. */
  skippedReason?: string;
  /** The task's test report in this run, when it has one. */
  testReport?: TaskReport;
  /** Where the run page's Tests tab shows this task's report. */
  testsLink?: string;
  onClose?(): void;
}

/** A pipeline task of a run: its status, steps, params, results and logs. */
export function TaskPanel(props: TaskPanelProps) {
  const {
    runId,
    taskRun,
    pipelineTask,
    skippedReason,
    testReport,
    testsLink,
    onClose,
  } = props;
  const classes = useStyles();
  // The log's step, remembered per task run so that another task starts on its default step.
  const [logStep, setLogStep] = useState<{ taskRun: string; step: string }>();
  const now = Date.now();

  // The panel sits in its host's Paper, so it brings a header of its own rather than a card.
  const header = (subheader?: ReactNode) => (
    <div className={classes.header}>
      <div>
        <Typography variant="h5" component="h2" className={classes.title}>
          {pipelineTask}
        </Typography>
        {subheader}
      </div>
      {onClose && (
        <IconButton
          size="small"
          aria-label="Close the task panel"
          onClick={onClose}
        >
          <CloseIcon />
        </IconButton>
      )}
    </div>
  );

  if (!taskRun) {
    // Callers may pass a bare "Skipped" when Tekton gave no reason: no need to say it twice.
    const reason =
      skippedReason && skippedReason.toLowerCase() !== 'skipped'
        ? skippedReason
        : undefined;
    return (
      <div>
        {header()}
        {skippedReason !== undefined ? (
          <Alert severity="info">
            <AlertTitle>Skipped</AlertTitle>
            {reason ?? 'Tekton did not run this task.'}
          </Alert>
        ) : (
          <Typography color="textSecondary">
            This task has not started yet.
          </Typography>
        )}
      </div>
    );
  }

  const duration = elapsedMs(taskRun.startedAt, taskRun.completedAt, now);
  const step = logStep?.taskRun === taskRun.name ? logStep.step : undefined;
  const showLog = (name: string) =>
    setLogStep({ taskRun: taskRun.name, step: name });

  return (
    <div>
      {header(
        <div className={classes.subheader}>
          <RunStatusLabel status={taskRun.status} />
          {duration !== undefined && (
            <span>
              {taskRun.completedAt ? 'Took' : 'Running for'}{' '}
              {formatElapsed(duration)}
            </span>
          )}
          {taskRun.reason && taskRun.reason !== taskRun.status && (
            <span>Reason: {taskRun.reason}</span>
          )}
        </div>,
      )}
      {testReport && testsLink && (
        <TaskTestsNote
          report={testReport}
          failed={taskRun.status === 'Failed'}
          link={testsLink}
        />
      )}
      <Typography variant="h6" component="h3">
        Steps
      </Typography>
      {taskRun.steps.length > 0 ? (
        <StepsTable steps={taskRun.steps} now={now} onShowLog={showLog} />
      ) : (
        <Typography variant="body2" color="textSecondary">
          No steps yet: the pod has not started.
        </Typography>
      )}
      <div className={classes.section}>
        <ParamTable
          title="Params"
          values={taskRun.params}
          emptyText="This task run has no params."
        />
      </div>
      <div className={classes.section}>
        <ParamTable
          title="Results"
          values={taskRun.results}
          emptyText={
            taskRun.completedAt
              ? 'This task run produced no results.'
              : 'No results yet.'
          }
        />
      </div>
      <div className={classes.section}>
        <Typography variant="h6" component="h3">
          Logs
        </Typography>
        <TaskLogs
          runId={runId}
          taskRun={taskRun}
          step={step}
          onStepChange={showLog}
        />
      </div>
    </div>
  );
}
