/**
 * A duration as people read it on a run page: "45s", "1m 30s", "2h 5m". Whole seconds only;
 * hours drop the seconds, which nobody reads at that scale.
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '';
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0)
    return seconds > 0 ? `${minutes}m ${seconds}s` : `${minutes}m`;
  return `${seconds}s`;
}

/**
 * How long something took, as formatDuration says it, but "<1s" below a second: Kubernetes'
 * whole-second timestamps make a quick task look like it took no time at all.
 */
export function formatElapsed(ms: number | undefined): string {
  if (ms !== undefined && ms >= 0 && ms < 1000) return '<1s';
  return formatDuration(ms);
}

/**
 * The time between two ISO timestamps; an open end counts up to `now`.
 * Undefined when the start is unknown (not started yet).
 */
export function elapsedMs(
  startedAt: string | undefined,
  completedAt: string | undefined,
  now: number,
): number | undefined {
  if (!startedAt) return undefined;
  const end = completedAt ? Date.parse(completedAt) : now;
  return Math.max(0, end - Date.parse(startedAt));
}
