/** How long a watch must stay up before its failures are forgotten. */
const STABLE_MS = 30_000;

/**
 * When to try a failed watch again: about 250 ms after the first failure, doubling up to 30 s,
 * so a source that is down is not hammered and one that blinked is back at once. Each delay is
 * jittered (between half and all of it), so watches and replicas that failed together (an API
 * server restart) do not all come back in the same instant. A watch counts as recovered only
 * once it has stayed up for 30 s: one that connects (or lists) and then fails at once, as with
 * a token that may list but not watch, keeps backing off.
 */
export class ReconnectBackoff {
  private failures = 0;
  private upSince?: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** The watch is up: connected, or listed. */
  connected(): void {
    this.upSince ??= this.now();
  }

  /** The watch failed or ended: how many milliseconds to wait before the next try. */
  failed(): number {
    if (this.upSince !== undefined && this.now() - this.upSince >= STABLE_MS)
      this.failures = 0;
    this.upSince = undefined;
    this.failures += 1;
    const ceiling = Math.min(30_000, 250 * 2 ** Math.min(this.failures - 1, 7));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
