import { formatTestDuration } from './formatTestDuration';

describe('formatTestDuration', () => {
  it.each([
    [0, '0 ms'],
    [35, '35 ms'],
    [999.6, '1.0 s'],
    [2_400, '2.4 s'],
    [59_960, '1m'],
    [90_000, '1m 30s'],
    [3_600_000, '1h'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatTestDuration(ms)).toBe(text);
  });
});
