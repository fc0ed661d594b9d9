import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { EntityTestHistory } from '@tekton-dag/plugin-tekton-dag-common';
import { testLocation } from '../RunTests';

const useStyles = makeStyles(theme => ({
  where: { color: theme.palette.text.secondary },
}));

/** Tests that failed and passed on the same revision, the most changeable first. */
export function FlakyTestsTable(props: { flaky: EntityTestHistory['flaky'] }) {
  const { flaky } = props;
  const classes = useStyles();
  if (!flaky.length) {
    return (
      <Typography color="textSecondary">
        No flaky tests: no test both failed and passed on the same revision in
        these runs.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Flaky tests">
      <TableHead>
        <TableRow>
          <TableCell>Test</TableCell>
          <TableCell>Suite / class</TableCell>
          <TableCell align="right">Flips</TableCell>
          <TableCell align="right">Failed runs</TableCell>
          <TableCell align="right">Passed runs</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {flaky.map((test, i) => (
          <TableRow key={i}>
            <TableCell>{test.name}</TableCell>
            <TableCell className={classes.where}>
              {testLocation(test)}
            </TableCell>
            <TableCell align="right">{test.flips}</TableCell>
            <TableCell align="right">{test.failedRuns}</TableCell>
            <TableCell align="right">{test.passedRuns}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
