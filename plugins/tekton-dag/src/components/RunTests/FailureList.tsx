import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { TestCase } from '@tekton-dag/plugin-tekton-dag-common';
import { formatTestDuration } from './formatTestDuration';
import { TestCaseDetails } from './TestCaseDetails';
import { testLocation } from './testLocation';
import { TestStatusLabel } from './testStatus';

const useStyles = makeStyles(
  theme => ({
    list: { listStyle: 'none', margin: 0, padding: 0 },
    item: {
      padding: theme.spacing(1, 0),
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
    title: {
      display: 'flex',
      alignItems: 'baseline',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    name: { fontWeight: theme.typography.fontWeightMedium as number },
    where: { color: theme.palette.text.secondary },
  }),
  { name: 'TektonDagFailureList' },
);

/** Failures render a page at a time: a broken build can fail thousands of tests. */
const PAGE = 20;

/** A task's failed and errored tests, each with its message and a collapsible trace. */
export function FailureList(props: { failures: TestCase[] }) {
  const { failures } = props;
  const classes = useStyles();
  const [shown, setShown] = useState(PAGE);
  return (
    <>
      <ul className={classes.list} aria-label="Failing tests">
        {failures.slice(0, shown).map((test, i) => (
          <li key={i} className={classes.item} aria-label={test.name}>
            <div className={classes.title}>
              <TestStatusLabel status={test.status} />
              <Typography variant="body2" className={classes.name}>
                {test.name}
              </Typography>
              <Typography variant="caption" className={classes.where}>
                {testLocation(test)} · {formatTestDuration(test.durationMs)}
              </Typography>
            </div>
            <TestCaseDetails test={test} />
          </li>
        ))}
      </ul>
      {failures.length > shown && (
        <Button size="small" onClick={() => setShown(n => n + PAGE)}>
          Show {Math.min(PAGE, failures.length - shown)} more of{' '}
          {failures.length - shown}
        </Button>
      )}
    </>
  );
}
