import { formatDuration } from './formatDuration';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [-5000, '0s'],
    [42_900, '42s'],
    [65_000, '1m 05s'],
    [600_000, '10m 00s'],
    [3_600_000 + 3 * 60_000 + 59_000, '1h 03m'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
