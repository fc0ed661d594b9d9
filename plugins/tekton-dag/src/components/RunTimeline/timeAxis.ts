const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Tick spacings a reader can add up in their head. */
const NICE_STEPS = [
  1 * SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  1 * MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  1 * HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

/** The smallest nice spacing that puts at most `maxTicks` intervals on a span. */
export function tickStep(spanMs: number, maxTicks = 8): number {
  const nice = NICE_STEPS.find(step => spanMs / step <= maxTicks);
  if (nice) return nice;
  const days = Math.ceil(spanMs / (24 * HOUR) / maxTicks);
  return days * 24 * HOUR;
}

/** Tick offsets from the start of a span (0 first), one step apart, none past its end. */
export function axisTicks(spanMs: number, maxTicks = 8): number[] {
  const step = tickStep(spanMs, maxTicks);
  const ticks: number[] = [];
  for (let t = 0; t <= spanMs; t += step) ticks.push(t);
  return ticks;
}
