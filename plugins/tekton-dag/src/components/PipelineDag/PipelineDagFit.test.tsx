import { renderInTestApp } from '@backstage/test-utils';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildPipelineDag } from '@tekton-dag/plugin-tekton-dag-common';
import {
  makeRun,
  makeTaskRuns,
  testPipelineSpec,
} from '../../__testUtils__/FakeTektonDagApi';
import { layoutDag } from './layoutDag';
import { PipelineDag } from './PipelineDag';

const dag = buildPipelineDag(testPipelineSpec);
const graph = layoutDag(dag);

/** The size every element reports: jsdom lays nothing out. */
let containerSize = { width: 0, height: 0 };

/** Stands in for the browser's ResizeObserver, which jsdom lacks. */
class FakeResizeObserver {
  static instances: FakeResizeObserver[] = [];
  constructor(private readonly callback: ResizeObserverCallback) {
    FakeResizeObserver.instances.push(this);
  }
  observe() {}
  unobserve() {}
  disconnect() {
    FakeResizeObserver.instances = FakeResizeObserver.instances.filter(
      observer => observer !== this,
    );
  }
  notify() {
    this.callback([], this as unknown as ResizeObserver);
  }
}

/** Gives the graph's container a new size, as the browser does when the page's layout changes. */
function resizeContainer(width: number, height: number) {
  containerSize = { width, height };
  act(() => FakeResizeObserver.instances.forEach(o => o.notify()));
}

/** Where the graph is drawn: its view's translation and scale. */
function drawnView() {
  const transform = screen.getByTestId('dag-view').getAttribute('transform');
  const match = transform?.match(
    /^translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)$/,
  );
  if (!match) throw new Error(`Unexpected transform ${transform}`);
  const [x, y, scale] = match.slice(1).map(Number);
  return { x, y, scale };
}

/** Whether every task, and the finally lane, is drawn inside the container. */
function showsWholeGraph() {
  const { x, y, scale } = drawnView();
  return (
    x >= 0 &&
    y >= 0 &&
    x + graph.width * scale <= containerSize.width + 0.001 &&
    y + graph.height * scale <= containerSize.height + 0.001
  );
}

describe('PipelineDag in a container that changes size', () => {
  const originalResizeObserver = window.ResizeObserver;

  beforeEach(() => {
    window.ResizeObserver =
      FakeResizeObserver as unknown as typeof ResizeObserver;
    jest
      .spyOn(Element.prototype, 'clientWidth', 'get')
      .mockImplementation(() => containerSize.width);
    jest
      .spyOn(Element.prototype, 'clientHeight', 'get')
      .mockImplementation(() => containerSize.height);
    containerSize = { width: 1200, height: 300 };
  });

  afterEach(() => {
    window.ResizeObserver = originalResizeObserver;
    FakeResizeObserver.instances = [];
    jest.restoreAllMocks();
  });

  it('fits the whole graph again when its container narrows', async () => {
    await renderInTestApp(<PipelineDag dag={dag} height={300} />);
    expect(showsWholeGraph()).toBe(true);
    const wide = drawnView();

    // The run page gives the graph some 60% of its width while a task's panel is open.
    resizeContainer(graph.width / 2, 300);
    expect(drawnView().scale).toBeLessThan(wide.scale);
    expect(showsWholeGraph()).toBe(true);

    resizeContainer(1200, 300);
    expect(drawnView()).toEqual(wide);
  });

  it('keeps fitting its container after a task is clicked', async () => {
    // Narrower than the graph, so that the fitted graph reaches the container's edges.
    containerSize = { width: graph.width * 0.9, height: 300 };
    const onSelectTask = jest.fn();
    await renderInTestApp(
      <PipelineDag
        dag={dag}
        taskRuns={makeTaskRuns(makeRun())}
        onSelectTask={onSelectTask}
        height={300}
      />,
    );
    // A click focuses the task: that must not count as the user moving the view.
    await userEvent.click(screen.getByTestId('dag-node-clone'));
    expect(screen.getByTestId('dag-node-clone')).toHaveFocus();
    expect(onSelectTask).toHaveBeenCalledWith('clone');
    expect(showsWholeGraph()).toBe(true);

    resizeContainer(graph.width * 0.7, 300);
    expect(showsWholeGraph()).toBe(true);
  });

  it('keeps the view the user zoomed to', async () => {
    await renderInTestApp(<PipelineDag dag={dag} height={300} />);
    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    const zoomed = drawnView();

    resizeContainer(800, 300);
    expect(drawnView()).toEqual(zoomed);

    // Fit to view fits again, and from then on follows the container.
    await userEvent.click(screen.getByRole('button', { name: 'Fit to view' }));
    expect(showsWholeGraph()).toBe(true);
    const fitted = drawnView();
    resizeContainer(1200, 300);
    expect(showsWholeGraph()).toBe(true);
    expect(drawnView().scale).toBeGreaterThan(fitted.scale);
  });
});
