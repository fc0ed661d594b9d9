import type { ReactNode } from 'react';
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { TestIdentity } from '@tekton-dag/plugin-tekton-dag-common';
import { testLocation } from '../RunTests';

const useStyles = makeStyles(theme => ({
  where: { color: theme.palette.text.secondary },
  // Short number headers ("Flips", "Runs") must not break mid-word in narrow columns.
  figure: { whiteSpace: 'nowrap' },
}));

/** A test's identity as a row key: the same test keeps its row when the list changes. */
function testKey(test: TestIdentity): string {
  return JSON.stringify([test.suite, test.className, test.name]);
}

/** A figure the table shows for each test, in a right-aligned column of its own. */
export interface TestFigure<T> {
  title: string;
  value: (test: T) => ReactNode;
}

/**
 * Tests picked from the entity's runs, one a row: the test and where it lives, then the
 * figures the table is about. Says `empty` instead of an empty table.
 */
export function TestHistoryTable<T extends TestIdentity>(props: {
  label: string;
  tests: T[];
  figures: TestFigure<T>[];
  empty: string;
}) {
  const { label, tests, figures, empty } = props;
  const classes = useStyles();
  if (!tests.length) {
    return <Typography color="textSecondary">{empty}</Typography>;
  }
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Test</TableCell>
          <TableCell>Suite / class</TableCell>
          {figures.map(figure => (
            <TableCell
              key={figure.title}
              align="right"
              className={classes.figure}
            >
              {figure.title}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {tests.map(test => (
          <TableRow key={testKey(test)}>
            <TableCell>{test.name}</TableCell>
            <TableCell className={classes.where}>
              {testLocation(test)}
            </TableCell>
            {figures.map(figure => (
              <TableCell key={figure.title} align="right">
                {figure.value(test)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
