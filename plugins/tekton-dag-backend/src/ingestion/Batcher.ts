import type { LoggerService } from '@backstage/backend-plugin-api';
import { errorForLog } from '../logging/errorForLog';

/**
 * Collects records and writes them in batches: at most `maxSize` per write, at least every
 * `intervalMs`, up to `concurrency` writes at once (so building one batch overlaps the
 * database writing the previous one). A record replaces an unwritten one with the same key
 * (the newest wins); writes must therefore be idempotent and keep the newest version
 * whatever order they land in, as the run store's upserts do. When a write fails (a database
 * hiccup), its records go back to the queue and are retried with backoff: nothing is dropped.
 */
export class Batcher<T> {
  private queue = new Map<string, T>();
  private timer?: NodeJS.Timeout;
  private readonly writing = new Set<Promise<void>>();
  private failures = 0;
  private backingOff = false;
  private stopped = false;

  constructor(
    private readonly options: {
      write: (items: T[]) => Promise<void>;
      keyOf: (item: T) => string;
      /** Which of two records for the same key to keep. */
      newer: (a: T, b: T) => T;
      logger: LoggerService;
      maxSize?: number;
      intervalMs?: number;
      concurrency?: number;
    },
  ) {}

  private get maxSize() {
    return this.options.maxSize ?? 500;
  }

  add(item: T) {
    // A watch that outlives its tracker (see SupervisedInformer) must not fill memory.
    if (this.stopped) return;
    const key = this.options.keyOf(item);
    const queued = this.queue.get(key);
    this.queue.set(key, queued ? this.options.newer(queued, item) : item);
    if (this.queue.size >= this.maxSize) this.schedule(0);
    else this.schedule(this.options.intervalMs ?? 100);
  }

  /** Forgets queued records not yet being written (those `which` picks; a list supersedes them). */
  clear(which: (item: T) => boolean = () => true) {
    for (const [key, item] of [...this.queue])
      if (which(item)) this.queue.delete(key);
  }

  /** Records queued and not yet being written. */
  get pending() {
    return this.queue.size;
  }

  private schedule(delayMs: number) {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  /**
   * Writes everything queued when called (in batches) and waits for writes in flight. Resolves
   * when all of it is written or, after a failure, back in the queue for the retry.
   */
  async flush(): Promise<void> {
    let budget = this.queue.size;
    while (budget > 0 && this.queue.size > 0 && !this.backingOff) {
      while (this.writing.size >= (this.options.concurrency ?? 2)) {
        await Promise.race(this.writing);
      }
      if (this.backingOff) break;
      const batch: T[] = [];
      for (const [key, item] of this.queue) {
        if (batch.length >= this.maxSize) break;
        batch.push(item);
        this.queue.delete(key);
      }
      budget -= batch.length;
      const write: Promise<void> = this.write(batch).finally(() =>
        this.writing.delete(write),
      );
      this.writing.add(write);
    }
    while (this.writing.size) await Promise.all([...this.writing]);
  }

  private async write(batch: T[]) {
    try {
      await this.options.write(batch);
      this.failures = 0;
    } catch (error) {
      // Put them back unless something newer arrived meanwhile.
      for (const item of batch) {
        const key = this.options.keyOf(item);
        const queued = this.queue.get(key);
        this.queue.set(key, queued ? this.options.newer(item, queued) : item);
      }
      if (this.backingOff) return; // a concurrent write failed too: one retry is planned
      this.backingOff = true;
      this.failures += 1;
      const delay = Math.min(30_000, 200 * 2 ** Math.min(this.failures, 8));
      this.options.logger.warn(
        `Writing ${batch.length} records failed; retrying in ${delay} ms`,
        errorForLog(error),
      );
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.backingOff = false;
        if (!this.stopped) void this.flush();
      }, delay);
    }
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    // A last attempt; what still fails stays queued, and was logged.
    this.backingOff = false;
    await this.flush().catch(() => undefined);
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
