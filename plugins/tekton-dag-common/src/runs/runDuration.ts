/** How long a run or task took: from start to completion, when both are known. */
export function runDuration(
  startedAt: string | undefined,
  completedAt: string | undefined,
): number | undefined {
  return startedAt && completedAt
    ? Date.parse(completedAt) - Date.parse(startedAt)
    : undefined;
}
