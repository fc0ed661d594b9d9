import { fitView, MIN_FIT_SCALE } from './DagViewport';

describe('fitView', () => {
  it('centres a graph smaller than the viewport without enlarging it', () => {
    expect(
      fitView({ width: 400, height: 100 }, { width: 800, height: 300 }),
    ).toEqual({ x: 200, y: 100, scale: 1 });
  });

  it('shrinks a larger graph to fit while labels stay legible', () => {
    const view = fitView(
      { width: 1000, height: 300 },
      { width: 900, height: 300 },
    );
    expect(view.scale).toBeCloseTo(0.9);
    expect(view.x).toBeCloseTo(0);
    expect(view.y).toBeCloseTo((300 - 300 * 0.9) / 2);
  });

  it('shows the start of a graph too large to fit legibly', () => {
    expect(
      fitView({ width: 3000, height: 7000 }, { width: 900, height: 500 }),
    ).toEqual({ x: 0, y: 0, scale: MIN_FIT_SCALE });
  });

  it('keeps the identity view while the viewport has no size yet', () => {
    expect(
      fitView({ width: 3000, height: 7000 }, { width: 0, height: 0 }),
    ).toEqual({ x: 0, y: 0, scale: 1 });
  });
});

describe('fitView in a narrowing container', () => {
  // pr-pipeline's layout: five columns of tasks and the finally lane.
  const graph = { width: 1536, height: 156 };

  it('zooms out further to keep the whole graph in view', () => {
    const wide = fitView(graph, { width: 1134, height: 200 });
    // Beside a task's panel (very wide screens), the graph gets some 60% of the width.
    const narrow = fitView(graph, { width: 760, height: 200 });
    expect(narrow.scale).toBeLessThan(wide.scale);
    for (const view of [wide, narrow]) {
      expect(view.x).toBeGreaterThanOrEqual(0);
      expect(view.y).toBeGreaterThanOrEqual(0);
    }
    expect(wide.x + graph.width * wide.scale).toBeLessThanOrEqual(1134);
    expect(narrow.x + graph.width * narrow.scale).toBeLessThanOrEqual(760);
    expect(narrow.y + graph.height * narrow.scale).toBeLessThanOrEqual(200);
  });
});
