import { elapsedMs, formatDuration } from './formatDuration';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [400, '0s'],
    [45_000, '45s'],
    [60_000, '1m'],
    [90_000, '1m 30s'],
    [3_600_000, '1h'],
    [3_600_000 + 5 * 60_000 + 7_000, '1h 5m'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('elapsedMs', () => {
  const start = '2026-11-24T08:00:00.000Z';

  it('measures a finished span', () => {
    expect(elapsedMs(start, '2026-11-24T08:01:30.000Z', 0)).toBe(90_000);
  });

  it('counts an open span up to now', () => {
    expect(elapsedMs(start, undefined, Date.parse(start) + 5_000)).toBe(5_000);
  });

  it('knows nothing of a span that has not started', () => {
    expect(elapsedMs(undefined, undefined, 0)).toBeUndefined();
  });
});
