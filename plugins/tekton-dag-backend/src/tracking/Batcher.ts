import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Collects records and writes them in batches: at most `maxSize` per write, at least every
 * `intervalMs`. A record replaces an unwritten one with the same key (the newest wins). When a
 * write fails (a database hiccup), the records stay queued and the write is retried with
 * backoff: nothing is dropped.
 */
export class Batcher<T> {
  private queue = new Map<string, T>();
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;
  private failures = 0;
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
    },
  ) {}

  add(item: T) {
    const key = this.options.keyOf(item);
    const queued = this.queue.get(key);
    this.queue.set(key, queued ? this.options.newer(queued, item) : item);
    if (this.queue.size >= (this.options.maxSize ?? 500)) this.schedule(0);
    else this.schedule(this.options.intervalMs ?? 100);
  }

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

  /** Writes what is queued now; resolves when it is written (or has failed and been requeued). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.queue.size === 0) return;
    const batch = [...this.queue.values()].slice(
      0,
      this.options.maxSize ?? 500,
    );
    for (const item of batch) this.queue.delete(this.options.keyOf(item));
    this.writing = (async () => {
      try {
        await this.options.write(batch);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        // Put them back unless something newer arrived meanwhile.
        for (const item of batch) {
          const key = this.options.keyOf(item);
          const queued = this.queue.get(key);
          this.queue.set(key, queued ? this.options.newer(item, queued) : item);
        }
        const delay = Math.min(30_000, 200 * 2 ** Math.min(this.failures, 8));
        // Never the whole error: a driver's message can hold the SQL, and with it the values.
        const text = String((error as Error)?.message ?? error).split('\n')[0];
        this.options.logger.warn(
          `Writing ${batch.length} records failed (${
            (error as Error)?.name ?? 'Error'
          }: ${text.slice(-200)}); retrying in ${delay} ms`,
        );
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          void this.flush();
        }, delay);
        return;
      } finally {
        this.writing = undefined;
      }
      if (this.queue.size) this.schedule(0);
    })();
    await this.writing;
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
  }
}
