import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import type { EntityTestHistory } from '@tekton-dag/plugin-tekton-dag-common';
import { TestTrendChart } from './TestTrendChart';

type TrendPoint = EntityTestHistory['trend'][number];

/** Run `n` (1 is the oldest), started `hours` after Dec 1 08:33 local time. */
function trendPoint(n: number, hours: number): TrendPoint {
  return {
    runId: `run-${n}`,
    runName: `pr-pipeline-${String(n).padStart(5, '0')}`,
    createdAt: new Date(2026, 11, 1, 8 + hours, 33).toISOString(),
    status: 'Succeeded',
    totals: {
      tests: 4,
      passed: 3,
      failed: 1,
      errored: 0,
      skipped: 0,
      durationMs: 1000,
    },
  };
}

/** `count` runs an hour apart, newest first as the backend sends them. */
const hourlyRuns = (count: number) =>
  Array.from({ length: count }, (_, i) => trendPoint(i + 1, i)).reverse();

async function renderChart(trend: TrendPoint[]) {
  await renderInTestApp(
    <TestTrendChart trend={trend} runLink={run => `/runs/${run.id}`} />,
  );
  const chart = screen.getByRole('group', {
    name: /^Tests per run, oldest to newest/,
  });
  return {
    bars: within(chart).getAllByRole('link'),
    labels: Array.from(
      screen.getByTestId('trend-time-axis').querySelectorAll('text'),
    ),
  };
}

/** The middle of a bar's column, where its label is centred. */
const middle = (bar: Element) => {
  const target = bar.querySelector('rect')!;
  return (
    Number(target.getAttribute('x')) + Number(target.getAttribute('width')) / 2
  );
};

describe('TestTrendChart', () => {
  it("labels each of a few runs with its start time, and names the run in its bar's tooltip", async () => {
    const { bars, labels } = await renderChart([
      trendPoint(3, 24 + 1),
      trendPoint(2, 5),
      trendPoint(1, 0),
    ]);

    expect(labels.map(label => label.textContent)).toEqual([
      'Dec 1 08:33',
      'Dec 1 13:33',
      'Dec 2 09:33',
    ]);
    labels.forEach((label, i) =>
      expect(Number(label.getAttribute('x'))).toBeCloseTo(middle(bars[i])),
    );
    expect(bars.map(bar => bar.querySelector('title')?.textContent)).toEqual([
      expect.stringMatching(
        /^pr-pipeline-00001 \(.+\): 3 passed, 1 failed, 0 skipped$/,
      ),
      expect.stringMatching(/^pr-pipeline-00002 \(/),
      expect.stringMatching(/^pr-pipeline-00003 \(/),
    ]);
  });

  it('labels at most 8 evenly spaced runs of many, the newest always', async () => {
    // Every third of 20 runs, counted back from the newest.
    const { bars, labels } = await renderChart(hourlyRuns(20));
    const labelled = [1, 4, 7, 10, 13, 16, 19];
    expect(labels.map(label => label.textContent)).toEqual(
      labelled.map(i => {
        const hour = 8 + i;
        return `Dec ${1 + Math.floor(hour / 24)} ${String(hour % 24).padStart(
          2,
          '0',
        )}:33`;
      }),
    );
    labels.forEach((label, i) =>
      expect(Number(label.getAttribute('x'))).toBeCloseTo(
        middle(bars[labelled[i]]),
      ),
    );
    // Every bar, labelled or not, names its run in its tooltip.
    expect(bars).toHaveLength(20);
    bars.forEach((bar, i) =>
      expect(bar.querySelector('title')?.textContent).toMatch(
        new RegExp(`^pr-pipeline-${String(i + 1).padStart(5, '0')} \\(`),
      ),
    );
  });

  it('keeps the labels of a hundred runs apart', async () => {
    const { bars, labels } = await renderChart(hourlyRuns(100));
    expect(labels.length).toBeLessThanOrEqual(8);
    expect(labels.length).toBeGreaterThanOrEqual(7);
    const positions = labels.map(label => Number(label.getAttribute('x')));
    const gaps = positions.slice(1).map((x, i) => x - positions[i]);
    expect(new Set(gaps.map(gap => gap.toFixed(3))).size).toBe(1);
    // Wide enough for a label like "Dec 12 08:33".
    expect(gaps[0]).toBeGreaterThanOrEqual(64);
    expect(positions[positions.length - 1]).toBeCloseTo(middle(bars[99]));
  });
});
