import {
  axisTime,
  MAX_TIME_LABELS,
  MIN_COLUMN_WIDTH,
  TIME_LABEL_WIDTH,
  trendAxis,
} from './trendAxis';

describe('trendAxis', () => {
  it('labels every run while a label fits under each', () => {
    expect(trendAxis(1)).toEqual({
      columnWidth: TIME_LABEL_WIDTH,
      labelled: [0],
    });
    expect(trendAxis(8)).toEqual({
      columnWidth: TIME_LABEL_WIDTH,
      labelled: [0, 1, 2, 3, 4, 5, 6, 7],
    });
  });

  it('labels every k-th run of more, counted back from the newest', () => {
    expect(trendAxis(9).labelled).toEqual([0, 2, 4, 6, 8]);
    expect(trendAxis(20).labelled).toEqual([1, 4, 7, 10, 13, 16, 19]);
    expect(trendAxis(100)).toEqual({
      columnWidth: MIN_COLUMN_WIDTH,
      labelled: [8, 21, 34, 47, 60, 73, 86, 99],
    });
  });

  it('never lets labels overlap nor exceed the maximum', () => {
    for (let runs = 1; runs <= 200; runs++) {
      const { columnWidth, labelled } = trendAxis(runs);
      expect(labelled.length).toBeLessThanOrEqual(MAX_TIME_LABELS);
      expect(labelled[labelled.length - 1]).toBe(runs - 1);
      // The first label is as far from the next as any two are.
      const spacing = ((labelled[1] ?? Infinity) - labelled[0]) * columnWidth;
      expect(spacing).toBeGreaterThanOrEqual(TIME_LABEL_WIDTH);
    }
  });
});

describe('axisTime', () => {
  it('gives the day and the time on a 24-hour clock, in the local time zone', () => {
    expect(axisTime(new Date(2026, 11, 1, 8, 33).toISOString())).toBe(
      'Dec 1 08:33',
    );
    expect(axisTime(new Date(2026, 11, 12, 17, 5).toISOString())).toBe(
      'Dec 12 17:05',
    );
  });
});
