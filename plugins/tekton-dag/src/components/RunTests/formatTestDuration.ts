import { formatDuration } from '../RunStatus';

/**
 * A test's duration. Tests take milliseconds, so where the run page's whole seconds would say
 * "0s" this says "35 ms" below a second and "2.4 s" below a minute; longer ones as the run page.
 */
export function formatTestDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  // The bounds keep rounding from saying "1000 ms" or "60.0 s".
  if (ms < 999.5) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms);
}
