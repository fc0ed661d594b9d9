import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { makeStyles, Paper, Tab, Tabs, Typography } from '@material-ui/core';
import type {
  ReportTotals,
  RunDetails,
  TaskReport,
} from '@tekton-dag/plugin-tekton-dag-common';
import { TaskTestReport } from './TaskTestReport';
import { TestSummary } from './TestSummary';
import type { RunReportsState } from './useRunReports';

const useStyles = makeStyles(theme => ({
  panel: { padding: theme.spacing(2), marginTop: theme.spacing(2) },
  note: { color: theme.palette.text.secondary, marginTop: theme.spacing(1) },
}));

function sumTotals(reports: TaskReport[]): ReportTotals {
  const sum: ReportTotals = {
    tests: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    skipped: 0,
    durationMs: 0,
  };
  for (const { totals } of reports)
    for (const key of Object.keys(sum) as Array<keyof ReportTotals>)
      sum[key] += totals[key];
  return sum;
}

const broken = (report: TaskReport) =>
  report.totals.failed + report.totals.errored;

/** A task's tab label: its name and what went wrong, so the failing task stands out. */
function taskLabel(report: TaskReport) {
  const count = broken(report);
  const tests = report.totals.tests;
  return count
    ? `${report.pipelineTask} · ${count} failing`
    : `${report.pipelineTask} · ${tests} test${tests === 1 ? '' : 's'}`;
}

/**
 * The run page's Tests tab: the run's test totals, then one task's report at a time (the one
 * in `?task=`, else the first with failures). Reports come from the run page, which reloads
 * them as the run's tasks finish.
 */
export function RunTests(props: {
  run: RunDetails;
  reports: RunReportsState;
  selectedTask?: string;
  onSelectTask(task: string): void;
}) {
  const { run, reports, selectedTask, onSelectTask } = props;
  const classes = useStyles();

  if (!reports.items) {
    return reports.error ? (
      <ResponseErrorPanel error={reports.error} />
    ) : (
      <Progress />
    );
  }
  const items = reports.items;
  if (!items.length) {
    const active = run.status === 'Running' || run.status === 'Pending';
    return (
      <EmptyState
        missing="data"
        title={active ? 'No test reports yet' : 'No test reports for this run'}
        description={`Test results appear here when the pipeline's publish-results task uploads the JUnit XML its test tasks wrote under reports/<pipeline-task>/ in the workspace (and an Istanbul coverage-summary.json), or when a test task sets a junit-summary result.${
          active ? ' This run is still going: they will show up live.' : ''
        }`}
      />
    );
  }

  const focused =
    items.find(r => r.pipelineTask === selectedTask) ??
    items.find(r => broken(r) > 0) ??
    items[0];
  const missing =
    selectedTask && selectedTask !== focused.pipelineTask
      ? selectedTask
      : undefined;

  return (
    <>
      <Paper className={classes.panel}>
        <TestSummary totals={sumTotals(items)} label="Test summary" />
        {items.length > 1 && (
          <Typography variant="caption" component="p" className={classes.note}>
            Over {items.length} tasks' reports.
          </Typography>
        )}
      </Paper>
      <Paper className={classes.panel}>
        {items.length > 1 && (
          <Tabs
            value={focused.pipelineTask}
            onChange={(_e, task) => onSelectTask(task)}
            indicatorColor="primary"
            variant="scrollable"
            aria-label="Test reports by task"
          >
            {items.map(report => (
              <Tab
                key={report.pipelineTask}
                value={report.pipelineTask}
                label={taskLabel(report)}
              />
            ))}
          </Tabs>
        )}
        {missing && (
          <Typography variant="body2" className={classes.note}>
            {missing} has no test report; showing {focused.pipelineTask}.
          </Typography>
        )}
        <TaskTestReport
          key={focused.pipelineTask}
          runId={run.id}
          report={focused}
          showSummary={items.length > 1}
        />
      </Paper>
    </>
  );
}
