import type { Theme } from '@material-ui/core/styles';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import ReportProblemIcon from '@material-ui/icons/ReportProblem';
import type { TestCaseStatus } from '@tekton-dag/plugin-tekton-dag-common';

/** The statuses in the order the summary, the filter and the charts list them. */
export const TEST_STATUSES: TestCaseStatus[] = [
  'passed',
  'failed',
  'errored',
  'skipped',
];

export const TEST_STATUS_LABELS: Record<TestCaseStatus, string> = {
  passed: 'Passed',
  failed: 'Failed',
  errored: 'Errored',
  skipped: 'Skipped',
};

/** The colour of a test status; errors differ from failures (the test never reached its assertion). */
export function testStatusColor(theme: Theme, status: TestCaseStatus): string {
  switch (status) {
    case 'passed':
      return theme.palette.success.main;
    case 'failed':
      return theme.palette.error.main;
    case 'errored':
      return theme.palette.warning.main;
    case 'skipped':
    default:
      return theme.palette.grey[500];
  }
}

const icons: Record<TestCaseStatus, typeof CheckCircleIcon> = {
  passed: CheckCircleIcon,
  failed: ErrorIcon,
  errored: ReportProblemIcon,
  skipped: RemoveCircleOutlineIcon,
};

const useStyles = makeStyles(
  theme => ({
    root: {
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      verticalAlign: 'middle',
      whiteSpace: 'nowrap',
    },
  }),
  { name: 'TektonDagTestStatusLabel' },
);

/** A test's status as icon and word, so that it reads without colour. */
export function TestStatusLabel(props: { status: TestCaseStatus }) {
  const classes = useStyles();
  const theme = useTheme();
  const Icon = icons[props.status] ?? RemoveCircleOutlineIcon;
  return (
    <Typography component="span" variant="body2" className={classes.root}>
      <Icon
        fontSize="small"
        style={{ color: testStatusColor(theme, props.status) }}
      />
      {TEST_STATUS_LABELS[props.status] ?? props.status}
    </Typography>
  );
}
