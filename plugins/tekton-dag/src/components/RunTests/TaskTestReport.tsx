import type { ReactNode } from 'react';
import { makeStyles, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import type { TaskReport } from '@tekton-dag/plugin-tekton-dag-common';
import { CoverageTable } from './CoverageTable';
import { FailureList } from './FailureList';
import { SuiteTable } from './SuiteTable';
import { TestCaseBrowser } from './TestCaseBrowser';
import { TestSummary } from './TestSummary';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(3) },
  meta: { color: theme.palette.text.secondary },
}));

function Section(props: { title: string; label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <section className={classes.section} aria-label={props.label}>
      <Typography variant="h6" component="h4" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

/**
 * One pipeline task's test report: its summary (when the run has others), its failures with
 * traces, every case filtered on the server, its suites and its coverage. A report from the
 * task's junit-summary result has counts only, and says so.
 */
export function TaskTestReport(props: {
  runId: string;
  report: TaskReport;
  /** Whether the run has other tasks' reports, so that this one needs its own summary. */
  showSummary: boolean;
}) {
  const { runId, report, showSummary } = props;
  const classes = useStyles();
  const task = report.pipelineTask;

  return (
    <div>
      <Typography variant="h5" component="h3">
        {task}
      </Typography>
      <Typography variant="caption" className={classes.meta}>
        {report.source === 'upload'
          ? 'JUnit XML uploaded by publish-results'
          : 'From the junit-summary result'}{' '}
        · received {new Date(report.receivedAt).toLocaleString()}
      </Typography>

      {showSummary && (
        <div className={classes.section}>
          <TestSummary
            totals={report.totals}
            label={`Test summary of ${task}`}
          />
        </div>
      )}

      {report.source === 'result' && (
        <div className={classes.section}>
          <Alert severity="info">
            These counts came from {task}'s junit-summary result: no JUnit XML
            was uploaded for it, so there are no test cases, suites or traces to
            show. Have the task write its report under reports/{task}/ in the
            workspace for publish-results to upload.
          </Alert>
        </div>
      )}

      {report.failures.length > 0 && (
        <Section
          title={`Failures (${report.failures.length})`}
          label={`Failures of ${task}`}
        >
          <FailureList failures={report.failures} />
        </Section>
      )}
      {report.source === 'upload' && (
        <Section title="All tests" label={`All tests of ${task}`}>
          <TestCaseBrowser runId={runId} report={report} />
        </Section>
      )}

      {report.suites.length > 0 && (
        <Section title="Suites" label={`Suites of ${task}`}>
          <SuiteTable report={report} />
        </Section>
      )}

      {report.coverage && (
        <Section title="Coverage" label={`Coverage of ${task}`}>
          <CoverageTable coverage={report.coverage} />
        </Section>
      )}
    </div>
  );
}
