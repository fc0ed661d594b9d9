import { Link } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import type {
  BuiltBy,
  ReportTotals,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { RunLink } from '../RunPage';
import { RunStatusIcon } from '../RunStatus';

const useStyles = makeStyles({ icon: { verticalAlign: 'text-bottom' } });

/** A run's tests in a few words: "120/120 tests passed", with failures when there are any. */
export function testsSummary(totals: ReportTotals | undefined): string {
  if (!totals) return 'no test report';
  if (totals.tests === 0) return 'no tests';
  const failed = totals.failed + totals.errored;
  return `${totals.passed}/${totals.tests} tests passed${
    failed ? `, ${failed} failed` : ''
  }`;
}

/**
 * The tekton-dag run that built a deployed revision, with its status and test totals:
 * "built by run pr-pipeline-x7k2p (Succeeded), 120/120 tests passed". The run name links to
 * its run page when `runLink` says where run pages are.
 */
export function BuiltByText(props: { builtBy?: BuiltBy; runLink?: RunLink }) {
  const { builtBy, runLink } = props;
  const classes = useStyles();
  // The backend credits a deployment only to a run that finished before it (GitOpsService).
  if (!builtBy) return <>no run built this revision before it was deployed</>;
  const run = builtBy.runName || builtBy.runId;
  return (
    <>
      <RunStatusIcon
        status={builtBy.status}
        fontSize="small"
        className={classes.icon}
      />{' '}
      built by run{' '}
      {runLink ? (
        <Link to={runLink({ id: builtBy.runId })} title={builtBy.pipeline}>
          {run}
        </Link>
      ) : (
        run
      )}{' '}
      ({builtBy.status}), {testsSummary(builtBy.totals)}
    </>
  );
}
