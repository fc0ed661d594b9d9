/** "the last run" or "the last 3 runs": how many runs a chart or list covers, in words. */
export function lastRuns(count: number): string {
  return count === 1 ? 'the last run' : `the last ${count} runs`;
}
