import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type { TaskReport } from '@tekton-dag/plugin-tekton-dag-common';

const useStyles = makeStyles(
  theme => ({ root: { marginBottom: theme.spacing(2) } }),
  { name: 'TektonDagTaskTestsNote' },
);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The task's tests in one line, linking to its report on the Tests tab. A failed task whose
 * tests failed says so first: those tests are most likely why it failed.
 */
export function TaskTestsNote(props: {
  report: TaskReport;
  failed: boolean;
  link: string;
}) {
  const { report, failed, link } = props;
  const classes = useStyles();
  const { tests, passed, failed: failures, errored, skipped } = report.totals;
  const failing = failures + errored;

  if (failed && failing > 0) {
    return (
      <Alert severity="error" className={classes.root}>
        <Link to={link}>{plural(failing, 'failing test')}</Link> of {tests}
        {skipped > 0 && ` (${skipped} skipped)`}
      </Alert>
    );
  }
  return (
    <Typography variant="body2" className={classes.root}>
      Tests: {passed} of {tests} passed
      {failing > 0 && `, ${failing} failing`}
      {skipped > 0 && `, ${skipped} skipped`} ·{' '}
      <Link to={link}>Test report</Link>
    </Typography>
  );
}
