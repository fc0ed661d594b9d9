/** At most this many runs get their time under their bar, so that the axis stays readable. */
export const MAX_TIME_LABELS = 8;
/** The room a time label ("Dec 12 08:33" at the axis' 10px) takes, with a gap to the next. */
export const TIME_LABEL_WIDTH = 72;
/** The narrowest column a run's bar gets. */
export const MIN_COLUMN_WIDTH = 26;

/** How the trend's runs sit along its x axis. */
export interface TrendAxis {
  /** The width of each run's column, its bar centred in it. */
  columnWidth: number;
  /** The runs (indices, oldest first) whose time labels the axis. */
  labelled: number[];
}

/**
 * Columns wide enough for a label each while there are few runs, narrowing to
 * MIN_COLUMN_WIDTH as there are more; then every k-th run is labelled, counted back from the
 * newest, with k chosen so that at most MAX_TIME_LABELS labels, evenly spaced, never overlap.
 */
export function trendAxis(runs: number): TrendAxis {
  const columnWidth = Math.min(
    TIME_LABEL_WIDTH,
    Math.max(MIN_COLUMN_WIDTH, (MAX_TIME_LABELS * TIME_LABEL_WIDTH) / runs),
  );
  const every = Math.max(
    Math.ceil(runs / MAX_TIME_LABELS),
    Math.ceil(TIME_LABEL_WIDTH / columnWidth),
  );
  const labelled: number[] = [];
  for (let i = runs - 1; i >= 0; i -= every) labelled.unshift(i);
  return { columnWidth, labelled };
}

const day = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
});
// A 24-hour clock keeps the labels short; the bars' tooltips give the time in full.
const time = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A run's time as the axis shows it, e.g. "Dec 1 08:33", in the viewer's time zone. */
export function axisTime(iso: string): string {
  const date = new Date(iso);
  return `${day.format(date)} ${time.format(date)}`;
}
