import { withRetries } from './retry';

class Retryable extends Error {}

describe('withRetries', () => {
  const waits: number[] = [];
  const options = {
    isRetryable: (error: unknown) => error instanceof Retryable,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };

  beforeEach(() => {
    waits.length = 0;
  });

  it('tries again with growing, jittered waits until it succeeds', async () => {
    const fn = jest
      .fn()
      .mockRejectedValueOnce(new Retryable())
      .mockRejectedValueOnce(new Retryable())
      .mockRejectedValueOnce(new Retryable())
      .mockResolvedValue('done');

    await expect(
      withRetries(fn, { ...options, random: () => 1 }),
    ).resolves.toBe('done');

    expect(fn).toHaveBeenCalledTimes(4);
    expect(fn.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3, 4]);
    expect(waits).toEqual([500, 1000, 2000]);
  });

  it('waits between half and all of the backoff, never more than maxMs', async () => {
    const fn = jest.fn().mockRejectedValue(new Retryable('down'));

    await expect(
      withRetries(fn, {
        ...options,
        attempts: 8,
        baseMs: 1000,
        maxMs: 10_000,
        random: () => 0,
      }),
    ).rejects.toThrow('down');

    expect(fn).toHaveBeenCalledTimes(8);
    expect(waits).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('gives up after five tries by default, with the last error', async () => {
    let attempt = 0;
    await expect(
      withRetries(async () => {
        throw new Retryable(`failure ${++attempt}`);
      }, options),
    ).rejects.toThrow('failure 5');
    expect(waits).toHaveLength(4);
  });

  it('throws an error that is not retryable at once', async () => {
    const fn = jest.fn().mockRejectedValue(new Error('refused'));
    await expect(withRetries(fn, options)).rejects.toThrow('refused');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  it('waits at least as long as the failure asked, up to maxMs', async () => {
    const fn = jest
      .fn()
      .mockRejectedValueOnce(new Retryable())
      .mockRejectedValueOnce(new Retryable())
      .mockResolvedValue('done');
    const onRetry = jest.fn();

    await withRetries(fn, {
      ...options,
      random: () => 0,
      minDelayMs: () => (waits.length === 0 ? 7000 : 60_000),
      onRetry,
    });

    expect(waits).toEqual([7000, 30_000]);
    expect(onRetry).toHaveBeenCalledWith(expect.any(Retryable), {
      attempt: 1,
      delayMs: 7000,
    });
  });
});
