import { alpha, makeStyles, Theme } from '@material-ui/core/styles';
import type { DagTaskStatus } from './taskStatus';

/** Below this zoom the labels are too small to read, so only the coloured boxes are drawn. */
export const LABEL_MIN_SCALE = 0.45;

/** The colour of each status, from the theme so that light and dark themes both work. */
export function statusColour(theme: Theme, status: DagTaskStatus): string {
  const { palette } = theme;
  switch (status) {
    case 'Succeeded':
      return palette.success.main;
    case 'Failed':
      return palette.error.main;
    case 'Running':
      return palette.info.main;
    case 'Pending':
      return palette.grey[500];
    case 'Cancelled':
      return palette.warning.main;
    case 'TimedOut':
      return palette.warning.dark;
    case 'Skipped':
      return palette.text.secondary;
    default:
      return palette.text.disabled;
  }
}

const statusClass = (theme: Theme, status: DagTaskStatus) => ({
  color: statusColour(theme, status),
});

/**
 * Every class of the graph, made once per theme and handed to the task boxes as a prop, so that
 * hundreds of boxes do not each run a styles hook.
 */
export const useDagStyles = makeStyles(
  (theme: Theme) => ({
    root: {
      position: 'relative',
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      background: theme.palette.background.default,
      overflow: 'hidden',
    },
    empty: {
      padding: theme.spacing(2),
      border: `1px dashed ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
    },
    svg: {
      display: 'block',
      width: '100%',
      cursor: 'grab',
      touchAction: 'none',
      userSelect: 'none',
      fontFamily: theme.typography.fontFamily,
    },
    panning: { cursor: 'grabbing' },
    overview: {
      '& text': { display: 'none' },
    },
    toolbar: {
      position: 'absolute',
      top: theme.spacing(1),
      right: theme.spacing(1),
      display: 'flex',
      alignItems: 'center',
      background: theme.palette.background.paper,
      borderRadius: theme.shape.borderRadius,
      boxShadow: theme.shadows[1],
    },
    lane: {
      fill: alpha(theme.palette.text.primary, 0.03),
      stroke: theme.palette.divider,
      strokeDasharray: '6 4',
    },
    laneLabel: {
      fill: theme.palette.text.secondary,
      fontSize: 12,
      fontWeight: theme.typography.fontWeightBold as number,
      letterSpacing: 1,
      textTransform: 'uppercase',
    },
    edge: {
      fill: 'none',
      stroke: theme.palette.text.disabled,
      strokeWidth: 1.5,
    },
    resultEdge: { strokeDasharray: '5 4' },
    highlightedEdge: {
      stroke: theme.palette.primary.main,
      strokeWidth: 2.5,
    },
    arrow: { fill: theme.palette.text.disabled },
    highlightedArrow: { fill: theme.palette.primary.main },
    node: {
      cursor: 'pointer',
      outline: 'none',
      '&:focus-visible': {
        outline: `2px dashed ${theme.palette.primary.main}`,
        outlineOffset: 4,
      },
      '&:hover $frame': { strokeWidth: 3 },
    },
    frame: {
      fill: theme.palette.background.paper,
      stroke: 'currentColor',
      strokeWidth: 2,
    },
    selection: {
      fill: 'none',
      stroke: theme.palette.primary.main,
      strokeWidth: 3,
    },
    selected: {
      '& $frame': { fill: alpha(theme.palette.primary.main, 0.08) },
    },
    statusGlyph: {
      fill: 'none',
      stroke: 'currentColor',
      strokeWidth: 2.2,
      strokeLinecap: 'round',
      strokeLinejoin: 'round',
    },
    name: {
      fill: theme.palette.text.primary,
      fontSize: 13,
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    detail: {
      fill: theme.palette.text.secondary,
      fontSize: 11,
    },
    badge: {
      fill: theme.palette.action.selected,
    },
    badgeText: {
      fill: theme.palette.text.primary,
      fontSize: 10,
      fontWeight: theme.typography.fontWeightBold as number,
    },
    testBadge: {
      cursor: 'pointer',
      outline: 'none',
      '& rect': {
        fill: theme.palette.error.main,
        stroke: theme.palette.background.paper,
        strokeWidth: 2,
      },
      '& text': {
        fill: theme.palette.error.contrastText,
        fontSize: 11,
        fontWeight: theme.typography.fontWeightBold as number,
      },
      '&:hover rect, &:focus-visible rect': {
        fill: theme.palette.error.dark,
      },
      '&:focus-visible': {
        outline: `2px dashed ${theme.palette.primary.main}`,
        outlineOffset: 2,
      },
    },
    '@keyframes pulse': {
      '0%': { strokeOpacity: 1, strokeWidth: 2 },
      '50%': { strokeOpacity: 0.35, strokeWidth: 4 },
      '100%': { strokeOpacity: 1, strokeWidth: 2 },
    },
    Running: {
      ...statusClass(theme, 'Running'),
      '& $frame': { animation: '$pulse 1.6s ease-in-out infinite' },
      '@media (prefers-reduced-motion: reduce)': {
        '& $frame': { animation: 'none', strokeWidth: 3 },
      },
    },
    Succeeded: statusClass(theme, 'Succeeded'),
    Failed: statusClass(theme, 'Failed'),
    Pending: statusClass(theme, 'Pending'),
    Cancelled: statusClass(theme, 'Cancelled'),
    TimedOut: statusClass(theme, 'TimedOut'),
    NotStarted: statusClass(theme, 'NotStarted'),
    Skipped: {
      ...statusClass(theme, 'Skipped'),
      '& $frame': { strokeDasharray: '6 4', fill: 'transparent' },
      '& $name': { fill: theme.palette.text.secondary },
    },
    legend: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(0.5, 2),
      listStyle: 'none',
      margin: 0,
      padding: theme.spacing(1, 1.5),
      borderTop: `1px solid ${theme.palette.divider}`,
      background: theme.palette.background.paper,
      ...theme.typography.caption,
    },
    legendItem: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.75),
    },
  }),
  { name: 'TektonDagPipelineDag' },
);

export type DagClasses = ReturnType<typeof useDagStyles>;
