/** "850 ms", "42s", "3m 05s", "1h 02m": short and sortable by eye. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60)
    return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(
    2,
    '0',
  )}m`;
}

/** How long a run or task took, or has been going for when it is still running. */
export function elapsedMs(
  startedAt: string | undefined,
  completedAt: string | undefined,
  now: Date = new Date(),
): number | undefined {
  if (!startedAt) return undefined;
  const end = completedAt ? Date.parse(completedAt) : now.getTime();
  return end - Date.parse(startedAt);
}
