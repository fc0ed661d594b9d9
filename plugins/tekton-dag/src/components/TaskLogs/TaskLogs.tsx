import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { TaskRunSummary } from '@tekton-dag/plugin-tekton-dag-common';
import { useRef, useState } from 'react';
import { RunStatusIcon } from '../RunStatus';
import { defaultStep } from './defaultStep';
import { StepLog } from './StepLog';

const useStyles = makeStyles(
  theme => ({
    tabLabel: {
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      textTransform: 'none',
    },
    empty: {
      padding: theme.spacing(2, 0),
    },
  }),
  { name: 'TektonDagTaskLogs' },
);

export interface TaskLogsProps {
  runId: string;
  taskRun: TaskRunSummary;
  /** The step to show; by default the first failed, else the running, else the first. */
  step?: string;
  onStepChange?(step: string): void;
}

/** The logs of a task run's steps: one tab per step, the chosen step's log below. */
export function TaskLogs(props: TaskLogsProps) {
  const { runId, taskRun, onStepChange } = props;
  const classes = useStyles();
  const [chosenStep, setChosenStep] = useState<string>();
  // Here rather than per step, so that the choice holds while going through the steps.
  const [wrapLines, setWrapLines] = useState(false);
  const shownByDefault = useRef<string>();
  const steps = taskRun.steps;
  const exists = (name?: string) =>
    name !== undefined && steps.some(s => s.name === name);

  let stepName: string | undefined;
  if (exists(props.step)) stepName = props.step;
  else if (exists(chosenStep)) stepName = chosenStep;
  else {
    stepName = defaultStep(steps, shownByDefault.current);
    shownByDefault.current = stepName;
  }
  const step = steps.find(s => s.name === stepName);

  if (!step) {
    return (
      <Typography className={classes.empty} color="textSecondary">
        This task run has no steps yet: its pod has not started.
      </Typography>
    );
  }

  const tabId = (name: string) => `${taskRun.name}-step-${name}`;

  return (
    <div>
      <Tabs
        value={step.name}
        onChange={(_event, name: string) => {
          setChosenStep(name);
          onStepChange?.(name);
        }}
        indicatorColor="primary"
        textColor="primary"
        variant="scrollable"
        scrollButtons="auto"
        aria-label="Steps"
      >
        {steps.map(s => (
          <Tab
            key={s.name}
            value={s.name}
            id={`${tabId(s.name)}-tab`}
            aria-controls={`${tabId(s.name)}-panel`}
            aria-label={`${s.name} (${s.status})`}
            label={
              <span className={classes.tabLabel}>
                <RunStatusIcon status={s.status} fontSize="small" />
                {s.name}
              </span>
            }
          />
        ))}
      </Tabs>
      <div
        role="tabpanel"
        id={`${tabId(step.name)}-panel`}
        aria-labelledby={`${tabId(step.name)}-tab`}
      >
        {/* Keyed by step, so that follow state and the stream start afresh per step. */}
        <StepLog
          key={`${taskRun.name}/${step.name}`}
          runId={runId}
          taskRunName={taskRun.name}
          step={step}
          wrapLines={wrapLines}
          onWrapLinesChange={setWrapLines}
        />
      </div>
    </div>
  );
}
