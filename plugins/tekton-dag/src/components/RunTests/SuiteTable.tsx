import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
} from '@material-ui/core';
import type { TaskReport } from '@tekton-dag/plugin-tekton-dag-common';
import { formatTestDuration } from './formatTestDuration';
import { TEST_STATUS_LABELS, TEST_STATUSES } from './testStatus';

const useStyles = makeStyles(theme => ({
  failing: { color: theme.palette.error.main, fontWeight: 500 },
}));

/** A task's suites with their counts, the ones with failures or errors first. */
export function SuiteTable(props: { report: TaskReport }) {
  const { report } = props;
  const classes = useStyles();
  const broken = (s: TaskReport['suites'][number]) => s.failed + s.errored;
  // A stable sort: suites keep the report's order within "broken" and "not broken".
  const suites = [...report.suites].sort(
    (a, b) => Number(broken(b) > 0) - Number(broken(a) > 0),
  );
  return (
    <TableContainer>
      <Table size="small" aria-label={`Suites of ${report.pipelineTask}`}>
        <TableHead>
          <TableRow>
            <TableCell>Suite</TableCell>
            <TableCell align="right">Tests</TableCell>
            {TEST_STATUSES.map(status => (
              <TableCell key={status} align="right">
                {TEST_STATUS_LABELS[status]}
              </TableCell>
            ))}
            <TableCell align="right">Duration</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {suites.map((suite, i) => (
            <TableRow key={i}>
              <TableCell
                className={broken(suite) ? classes.failing : undefined}
              >
                {suite.name}
              </TableCell>
              <TableCell align="right">{suite.tests}</TableCell>
              {TEST_STATUSES.map(status => (
                <TableCell key={status} align="right">
                  {suite[status]}
                </TableCell>
              ))}
              <TableCell align="right">
                {formatTestDuration(suite.durationMs)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
