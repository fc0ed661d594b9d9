import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { ReportTotals } from '@tekton-dag/plugin-tekton-dag-common';
import { formatTestDuration } from './formatTestDuration';
import {
  TEST_STATUS_LABELS,
  TEST_STATUSES,
  testStatusColor,
} from './testStatus';
import { TestStatusSwatch } from './TestStatusSwatch';

const useStyles = makeStyles(
  theme => ({
    counts: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(3),
      margin: 0,
    },
    count: { margin: 0 },
    label: {
      color: theme.palette.text.secondary,
      fontSize: theme.typography.caption.fontSize,
    },
    value: { margin: 0, fontSize: theme.typography.h6.fontSize },
    bar: {
      display: 'flex',
      height: 10,
      borderRadius: 5,
      overflow: 'hidden',
      marginTop: theme.spacing(1),
      backgroundColor: theme.palette.action.hover,
    },
  }),
  { name: 'TektonDagTestSummary' },
);

/**
 * Counts of a set of tests and a bar of their proportions. The numbers carry the meaning; the
 * bar (hidden from screen readers) is the glance.
 */
export function TestSummary(props: { totals: ReportTotals; label: string }) {
  const { totals, label } = props;
  const classes = useStyles();
  const theme = useTheme();
  return (
    <section aria-label={label}>
      <dl className={classes.counts}>
        <div className={classes.count}>
          <dt className={classes.label}>Tests</dt>
          <dd className={classes.value}>{totals.tests}</dd>
        </div>
        {TEST_STATUSES.map(status => (
          <div key={status} className={classes.count}>
            <dt className={classes.label}>
              <TestStatusSwatch status={status} />
              {TEST_STATUS_LABELS[status]}
            </dt>
            <dd className={classes.value}>{totals[status]}</dd>
          </div>
        ))}
        <div className={classes.count}>
          <dt className={classes.label}>Duration</dt>
          <dd className={classes.value}>
            {formatTestDuration(totals.durationMs)}
          </dd>
        </div>
      </dl>
      <div className={classes.bar} aria-hidden="true">
        {totals.tests > 0 &&
          TEST_STATUSES.filter(status => totals[status] > 0).map(status => (
            <div
              key={status}
              data-status={status}
              style={{
                width: `${(totals[status] / totals.tests) * 100}%`,
                backgroundColor: testStatusColor(theme, status),
              }}
            />
          ))}
      </div>
    </section>
  );
}
