/**
 * How long to wait before watching again after `failures` failures in a row: 250 ms, doubling
 * up to 30 s, so a source that is down is not hammered and one that blinked is back at once.
 */
export function reconnectDelayMs(failures: number): number {
  return Math.min(30_000, 250 * 2 ** Math.min(Math.max(failures, 1) - 1, 7));
}
