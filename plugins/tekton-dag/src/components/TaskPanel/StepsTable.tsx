import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import type { StepSummary } from '@tekton-dag/plugin-tekton-dag-common';
import { elapsedMs, formatElapsed, RunStatusLabel } from '../RunStatus';

const useStyles = makeStyles(
  theme => ({
    // The dark shade keeps small text readable (WCAG AA contrast) on paper.
    failedExit: {
      color: theme.palette.error.dark,
      fontWeight: 'bold',
    },
    number: {
      fontVariantNumeric: 'tabular-nums',
    },
  }),
  { name: 'TektonDagStepsTable' },
);

/** A task run's steps with status, exit code and duration; a step's name opens its log. */
export function StepsTable(props: {
  steps: StepSummary[];
  now: number;
  onShowLog?(step: string): void;
}) {
  const { steps, now, onShowLog } = props;
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Steps">
      <TableHead>
        <TableRow>
          <TableCell>Step</TableCell>
          <TableCell>Status</TableCell>
          <TableCell align="right">Exit code</TableCell>
          <TableCell align="right">Duration</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {steps.map(step => {
          const duration = elapsedMs(step.startedAt, step.completedAt, now);
          return (
            <TableRow key={step.name}>
              <TableCell component="th" scope="row">
                {onShowLog ? (
                  <Link
                    component="button"
                    variant="body2"
                    onClick={() => onShowLog(step.name)}
                    aria-label={`Show the log of ${step.name}`}
                  >
                    {step.name}
                  </Link>
                ) : (
                  step.name
                )}
              </TableCell>
              <TableCell>
                <RunStatusLabel status={step.status} />
              </TableCell>
              <TableCell
                align="right"
                className={step.exitCode ? classes.failedExit : classes.number}
              >
                {step.exitCode ?? '—'}
              </TableCell>
              <TableCell align="right" className={classes.number}>
                {duration === undefined ? '—' : formatElapsed(duration)}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
