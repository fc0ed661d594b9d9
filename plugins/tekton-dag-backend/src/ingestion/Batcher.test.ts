import { mockServices } from '@backstage/backend-test-utils';
import { Batcher } from './Batcher';

type Item = { key: string; version: number };

function setup(
  options: {
    fail?: (batch: Item[]) => boolean;
    concurrency?: number;
    maxSize?: number;
    writeMs?: number;
  } = {},
) {
  const written = new Map<string, number>();
  const batches: Item[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const batcher = new Batcher<Item>({
    logger: mockServices.logger.mock(),
    keyOf: i => i.key,
    newer: (a, b) => (b.version >= a.version ? b : a),
    maxSize: options.maxSize ?? 10,
    intervalMs: 10,
    concurrency: options.concurrency,
    write: async batch => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise(r => setTimeout(r, options.writeMs ?? 5));
        if (options.fail?.(batch)) throw new Error('connection reset');
        batches.push(batch);
        for (const item of batch) {
          // Like the store: an older version never replaces a newer one.
          if ((written.get(item.key) ?? -1) <= item.version)
            written.set(item.key, item.version);
        }
      } finally {
        inFlight -= 1;
      }
    },
  });
  return { batcher, written, batches, maxInFlight: () => maxInFlight };
}

describe('Batcher', () => {
  it('keeps only the newest queued record per key', async () => {
    const { batcher, written, batches } = setup();
    batcher.add({ key: 'a', version: 2 });
    batcher.add({ key: 'a', version: 1 });
    batcher.add({ key: 'a', version: 3 });
    await batcher.flush();
    expect(written.get('a')).toBe(3);
    expect(batches.flat()).toHaveLength(1);
    await batcher.stop();
  });

  it('writes everything queued in batches, never more at once than allowed', async () => {
    const { batcher, written, batches, maxInFlight } = setup({
      concurrency: 2,
      maxSize: 10,
    });
    for (let i = 0; i < 95; i++) batcher.add({ key: `k${i}`, version: 1 });
    await batcher.flush();
    expect(written.size).toBe(95);
    // Each record written once, in batches of at most maxSize.
    expect(batches.flat()).toHaveLength(95);
    expect(Math.max(...batches.map(b => b.length))).toBe(10);
    expect(maxInFlight()).toBe(2);
    await batcher.stop();
  });

  it('retries failed writes and drops nothing, newer records winning', async () => {
    let failures = 3;
    const { batcher, written } = setup({
      fail: () => failures-- > 0,
      concurrency: 2,
      maxSize: 5,
    });
    for (let i = 0; i < 20; i++) batcher.add({ key: `k${i}`, version: 1 });
    await batcher.flush(); // fails: records go back to the queue
    expect(batcher.pending).toBeGreaterThan(0);
    batcher.add({ key: 'k0', version: 7 });
    const deadline = Date.now() + 10_000;
    while ((written.size < 20 || batcher.pending) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 20));
    }
    expect(written.size).toBe(20);
    expect(written.get('k0')).toBe(7);
    expect(batcher.pending).toBe(0);
    await batcher.stop();
  });
});
