import { axisTicks, tickStep } from './timeAxis';

describe('axisTicks', () => {
  it('ticks every 30 seconds on a three-minute run', () => {
    expect(axisTicks(3 * 60_000)).toEqual([
      0, 30_000, 60_000, 90_000, 120_000, 150_000, 180_000,
    ]);
  });

  it('ticks every minute on a five-minute run', () => {
    expect(axisTicks(5 * 60_000)).toEqual([
      0, 60_000, 120_000, 180_000, 240_000, 300_000,
    ]);
  });

  it('keeps the origin on a run shorter than a second', () => {
    expect(axisTicks(300)).toEqual([0]);
  });

  it('falls back to whole days on very long spans', () => {
    expect(tickStep(20 * 24 * 3_600_000)).toBe(3 * 24 * 3_600_000);
  });
});
