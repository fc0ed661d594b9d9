import { LinearProgress, makeStyles, Typography } from '@material-ui/core';
import type { CoverageSummary } from '@tekton-dag/plugin-tekton-dag-common';

const METRICS: Array<{ key: keyof CoverageSummary; label: string }> = [
  { key: 'lines', label: 'Lines' },
  { key: 'statements', label: 'Statements' },
  { key: 'functions', label: 'Functions' },
  { key: 'branches', label: 'Branches' },
];

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(160px, 360px)',
    alignItems: 'center',
    gap: theme.spacing(1, 2),
    margin: 0,
  },
  row: { display: 'contents' },
  value: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    margin: 0,
  },
  bar: { flex: 1 },
  number: { fontVariantNumeric: 'tabular-nums', minWidth: '4em' },
}));

/** A percentage as Istanbul reports it, to one decimal where it has one. */
function percent(value: number) {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/** A task's coverage per metric (Istanbul's totals): only the metrics it reported. */
export function CoverageTable(props: { coverage: CoverageSummary }) {
  const { coverage } = props;
  const classes = useStyles();
  const metrics = METRICS.filter(m => typeof coverage[m.key] === 'number');
  if (!metrics.length) return null;
  return (
    <dl className={classes.list}>
      {metrics.map(({ key, label: name }) => {
        const value = coverage[key]!;
        return (
          <div key={key} className={classes.row}>
            <Typography component="dt" variant="body2">
              {name}
            </Typography>
            <dd className={classes.value}>
              <LinearProgress
                className={classes.bar}
                variant="determinate"
                value={Math.max(0, Math.min(100, value))}
                aria-label={`${name} coverage`}
              />
              <Typography
                component="span"
                variant="body2"
                className={classes.number}
              >
                {percent(value)}
              </Typography>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
