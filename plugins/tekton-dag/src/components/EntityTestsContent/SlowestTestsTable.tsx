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
import { formatTestDuration, testLocation } from '../RunTests';

const useStyles = makeStyles(theme => ({
  where: { color: theme.palette.text.secondary },
}));

/** The tests that take longest on average over the runs, slowest first. */
export function SlowestTestsTable(props: {
  slowest: EntityTestHistory['slowest'];
}) {
  const { slowest } = props;
  const classes = useStyles();
  if (!slowest.length) {
    return (
      <Typography color="textSecondary">
        No test cases in these runs' reports.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Slowest tests">
      <TableHead>
        <TableRow>
          <TableCell>Test</TableCell>
          <TableCell>Suite / class</TableCell>
          <TableCell align="right">Average duration</TableCell>
          <TableCell align="right">Runs</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {slowest.map((test, i) => (
          <TableRow key={i}>
            <TableCell>{test.name}</TableCell>
            <TableCell className={classes.where}>
              {testLocation(test)}
            </TableCell>
            <TableCell align="right">
              {formatTestDuration(test.averageMs)}
            </TableCell>
            <TableCell align="right">{test.runs}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
