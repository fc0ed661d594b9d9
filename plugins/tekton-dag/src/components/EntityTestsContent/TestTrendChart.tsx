import type { MouseEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type {
  EntityTestHistory,
  TestCaseStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { RunLink } from '../RunPage';
import { testStatusColor, TestStatusSwatch } from '../RunTests';
import { lastRuns } from './lastRuns';
import { axisTime, TIME_LABEL_WIDTH, trendAxis } from './trendAxis';

type TrendPoint = EntityTestHistory['trend'][number];

const HEIGHT = 160;
const AXIS_WIDTH = 36;
const BAR_WIDTH = 18;
const RIGHT_PADDING = 8;
const TOP = 8;
const BOTTOM = 20;

/** The bars' colours in words; errored tests share the failed colour in the bars. */
const LEGEND: Array<{ status: TestCaseStatus; label: string }> = [
  { status: 'passed', label: 'Passed' },
  { status: 'failed', label: 'Failed or errored' },
  { status: 'skipped', label: 'Skipped' },
];

const useStyles = makeStyles(
  theme => ({
    svg: { display: 'block', maxWidth: '100%', overflow: 'visible' },
    axis: { fill: theme.palette.text.secondary, fontSize: 10 },
    grid: { stroke: theme.palette.divider, strokeWidth: 1 },
    bar: {
      cursor: 'pointer',
      outline: 'none',
      '&:hover $target, &:focus $target': {
        stroke: theme.palette.text.primary,
        strokeWidth: 1.5,
      },
    },
    target: { fill: 'transparent' },
    legend: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(2),
      marginTop: theme.spacing(1),
      color: theme.palette.text.secondary,
    },
  }),
  { name: 'TektonDagTestTrendChart' },
);

/** What one bar says, for its tooltip and its accessible name. */
export function describeTrendPoint(point: TrendPoint): string {
  const { passed, failed, errored, skipped } = point.totals;
  const parts = [
    `${passed} passed`,
    `${failed + errored} failed${errored ? ` (${errored} errored)` : ''}`,
    `${skipped} skipped`,
  ];
  const when = new Date(point.createdAt).toLocaleString();
  const revision = point.revision ? ` · ${point.revision.slice(0, 7)}` : '';
  return `${point.runName} (${when}${revision}): ${parts.join(', ')}`;
}

/**
 * Passed, failed (with errored) and skipped tests per run as stacked bars, oldest left and
 * newest right, hand-drawn in SVG (no chart library for one chart), with the runs' times along
 * the x axis. Each bar is a link to its run, named by a `<title>` that also serves as its
 * tooltip.
 */
export function TestTrendChart(props: {
  /** Newest first, as the backend sends it. */
  trend: EntityTestHistory['trend'];
  runLink?: RunLink;
}) {
  const { trend, runLink } = props;
  const classes = useStyles();
  const theme = useTheme();
  const navigate = useNavigate();
  const points = [...trend].reverse();
  const max = Math.max(1, ...points.map(p => p.totals.tests));
  const plot = HEIGHT - TOP - BOTTOM;
  const { columnWidth, labelled } = trendAxis(points.length);
  const middle = (i: number) => AXIS_WIDTH + (i + 0.5) * columnWidth;
  // Room on the right for the newest run's time, centred under its bar.
  const width =
    AXIS_WIDTH +
    points.length * columnWidth +
    Math.max(RIGHT_PADDING, (TIME_LABEL_WIDTH - columnWidth) / 2);
  const y = (count: number) => TOP + plot - (count / max) * plot;
  const colours = {
    passed: testStatusColor(theme, 'passed'),
    failed: testStatusColor(theme, 'failed'),
    skipped: testStatusColor(theme, 'skipped'),
  };

  // Plain left clicks navigate in the app; others (new tab, copy link) use the href.
  const follow = (href: string) => (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(href);
  };

  return (
    <div>
      <svg
        className={classes.svg}
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="group"
        aria-label={`Tests per run, oldest to newest, over ${lastRuns(
          points.length,
        )}`}
      >
        <line
          className={classes.grid}
          x1={AXIS_WIDTH - 4}
          x2={width}
          y1={y(max)}
          y2={y(max)}
        />
        <line
          className={classes.grid}
          x1={AXIS_WIDTH - 4}
          x2={width}
          y1={y(0)}
          y2={y(0)}
        />
        <g aria-hidden="true">
          <text
            className={classes.axis}
            x={AXIS_WIDTH - 8}
            y={y(max) + 3}
            textAnchor="end"
          >
            {max}
          </text>
          <text
            className={classes.axis}
            x={AXIS_WIDTH - 8}
            y={y(0) + 3}
            textAnchor="end"
          >
            0
          </text>
        </g>
        {/* The bars' names carry their times: the axis is for the eye only. */}
        <g aria-hidden="true" data-testid="trend-time-axis">
          {labelled.map(i => (
            <text
              key={points[i].runId}
              className={classes.axis}
              x={middle(i)}
              y={HEIGHT - 4}
              textAnchor="middle"
            >
              {axisTime(points[i].createdAt)}
            </text>
          ))}
        </g>
        {points.map((point, i) => {
          const x = middle(i) - BAR_WIDTH / 2;
          const { passed, failed, errored, skipped } = point.totals;
          // Stacked bottom up: passed, failed with errored, skipped.
          const segments = [
            { key: 'passed', count: passed, fill: colours.passed },
            { key: 'failed', count: failed + errored, fill: colours.failed },
            { key: 'skipped', count: skipped, fill: colours.skipped },
          ];
          let base = 0;
          const rects = segments.map(segment => {
            const rect = (
              <rect
                key={segment.key}
                data-status={segment.key}
                x={x}
                width={BAR_WIDTH}
                y={y(base + segment.count)}
                height={y(base) - y(base + segment.count)}
                fill={segment.fill}
              />
            );
            base += segment.count;
            return segment.count > 0 ? rect : null;
          });
          const label = describeTrendPoint(point);
          const href = runLink?.({ id: point.runId });
          return href ? (
            <a
              key={point.runId}
              href={href}
              className={classes.bar}
              aria-label={label}
              onClick={follow(href)}
            >
              <title>{label}</title>
              {/* The whole column is the target, not just its coloured part. */}
              <rect
                className={classes.target}
                x={x - 2}
                width={BAR_WIDTH + 4}
                y={TOP}
                height={plot}
              />
              {rects}
            </a>
          ) : (
            <g key={point.runId} role="img" aria-label={label}>
              <title>{label}</title>
              {rects}
            </g>
          );
        })}
      </svg>
      <div className={classes.legend} aria-hidden="true">
        {LEGEND.map(({ status, label }) => (
          <Typography key={status} variant="caption">
            <TestStatusSwatch status={status} />
            {label}
          </Typography>
        ))}
      </div>
    </div>
  );
}
