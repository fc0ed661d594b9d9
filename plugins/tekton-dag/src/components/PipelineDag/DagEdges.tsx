import { memo, useMemo } from 'react';
import type { DagEdgeRoute, DagPoint } from './layoutDag';
import type { DagClasses } from './useDagStyles';

const ARROW_LENGTH = 8;
const ARROW_HALF_WIDTH = 4;

/** A smooth path through a route's points: straight ends, rounded bends. */
export function edgePath(points: DagPoint[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const bend = rest[i];
    const next = rest[i + 1];
    d += ` Q${bend.x},${bend.y} ${(bend.x + next.x) / 2},${
      (bend.y + next.y) / 2
    }`;
  }
  const last = rest[rest.length - 1];
  if (last) d += ` L${last.x},${last.y}`;
  return d;
}

/** A filled triangle at the route's end, pointing along its last segment. */
export function arrowPath(points: DagPoint[]): string {
  if (points.length < 2) return '';
  const tip = points[points.length - 1];
  const from = points[points.length - 2];
  const length = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const dx = (tip.x - from.x) / length;
  const dy = (tip.y - from.y) / length;
  const baseX = tip.x - dx * ARROW_LENGTH;
  const baseY = tip.y - dy * ARROW_LENGTH;
  const round = (n: number) => Math.round(n * 10) / 10;
  return `M${round(tip.x)},${round(tip.y)} L${round(
    baseX - dy * ARROW_HALF_WIDTH,
  )},${round(baseY + dx * ARROW_HALF_WIDTH)} L${round(
    baseX + dy * ARROW_HALF_WIDTH,
  )},${round(baseY - dx * ARROW_HALF_WIDTH)} Z`;
}

const isResult = (edge: DagEdgeRoute) => edge.kinds.includes('result');

/**
 * The arrows between tasks. Edges that carry a result reference are dashed; those touching the
 * selected task are drawn again on top, highlighted. All other edges share three paths (solid
 * lines, dashed lines, arrowheads) rather than one element each: hundreds of elements cost
 * more to create than the tasks themselves.
 */
export const DagEdges = memo(function EdgeLayer(props: {
  edges: DagEdgeRoute[];
  selectedTask?: string;
  classes: DagClasses;
}) {
  const { edges, selectedTask, classes } = props;
  const drawing = useMemo(() => {
    const lines = edges.map(edge => edgePath(edge.points));
    const arrows = edges.map(edge => arrowPath(edge.points));
    return {
      lines,
      arrows,
      runAfter: lines.filter((_, i) => !isResult(edges[i])).join(' '),
      result: lines.filter((_, i) => isResult(edges[i])).join(' '),
      allArrows: arrows.join(' '),
    };
  }, [edges]);

  return (
    <g data-testid="dag-edges">
      <path
        className={classes.edge}
        d={drawing.runAfter}
        data-testid="dag-edges-run-after"
      />
      <path
        className={`${classes.edge} ${classes.resultEdge}`}
        d={drawing.result}
        data-testid="dag-edges-result"
      />
      <path
        className={classes.arrow}
        d={drawing.allArrows}
        data-testid="dag-edges-arrows"
      />
      {selectedTask !== undefined &&
        edges.map((edge, i) =>
          edge.from === selectedTask || edge.to === selectedTask ? (
            <g
              key={`${edge.from}\u0000${edge.to}`}
              data-testid="dag-edge-highlighted"
            >
              <path
                className={`${classes.edge} ${classes.highlightedEdge}${
                  isResult(edge) ? ` ${classes.resultEdge}` : ''
                }`}
                d={drawing.lines[i]}
              />
              <path
                className={classes.highlightedArrow}
                d={drawing.arrows[i]}
              />
            </g>
          ) : null,
        )}
    </g>
  );
});
