import dagre from '@dagrejs/dagre';
import type { Dag, DagEdgeKind } from '@tekton-dag/plugin-tekton-dag-common';
import { orderByBarycentre, rankByEarliestStart } from './dagreStrategies';

/** A point in layout coordinates (SVG user units). */
export interface DagPoint {
  x: number;
  y: number;
}

/** Where a task's box goes: `x` and `y` are its top-left corner. */
export interface DagNodeBox {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge drawn as a polyline from the `from` box to the `to` box. */
export interface DagEdgeRoute {
  from: string;
  to: string;
  kinds: DagEdgeKind[];
  points: DagPoint[];
}

/** The band holding the `finally` tasks, right of the main graph. */
export interface DagLane {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DagLayout {
  /** In the DAG's node order. */
  nodes: DagNodeBox[];
  edges: DagEdgeRoute[];
  finallyLane?: DagLane;
  width: number;
  height: number;
}

export const DAG_NODE_WIDTH = 200;
export const DAG_NODE_HEIGHT = 52;
const MARGIN = 16;
const NODE_GAP = 20;
const RANK_GAP = 56;
const LANE_GAP = 48;
const LANE_PADDING = 16;
const LANE_LABEL_HEIGHT = 24;

/**
 * Lays a pipeline's task graph out left to right: the regular tasks by dagre, ranked so that
 * every task is right of the tasks it waits for, and the `finally` tasks stacked in their own
 * lane after them, since Tekton runs those once everything else is done. The same DAG always
 * gives the same layout.
 */
export function layoutDag(dag: Dag): DagLayout {
  const mainNodes = dag.nodes.filter(n => !n.finally);
  const boxes = new Map<string, DagNodeBox>();
  const dagreRoutes = new Map<string, DagPoint[]>();

  let mainWidth = 0;
  let mainHeight = 0;
  if (mainNodes.length > 0) {
    const graph = new dagre.graphlib.Graph();
    graph.setGraph({
      rankdir: 'LR',
      nodesep: NODE_GAP,
      ranksep: RANK_GAP,
      edgesep: 10,
      marginx: MARGIN,
      marginy: MARGIN,
      ranker: rankByEarliestStart,
    });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const node of mainNodes) {
      graph.setNode(node.name, {
        width: DAG_NODE_WIDTH,
        height: DAG_NODE_HEIGHT,
      });
    }
    for (const edge of dag.edges) {
      if (
        graph.hasNode(edge.from) &&
        graph.hasNode(edge.to) &&
        edge.from !== edge.to
      ) {
        graph.setEdge(edge.from, edge.to);
      }
    }
    dagre.layout(graph, { customOrder: orderByBarycentre });

    for (const node of mainNodes) {
      const { x, y } = graph.node(node.name);
      boxes.set(node.name, {
        name: node.name,
        x: (x ?? 0) - DAG_NODE_WIDTH / 2,
        y: (y ?? 0) - DAG_NODE_HEIGHT / 2,
        width: DAG_NODE_WIDTH,
        height: DAG_NODE_HEIGHT,
      });
    }
    for (const edge of graph.edges()) {
      const points: DagPoint[] = graph.edge(edge).points ?? [];
      dagreRoutes.set(
        edgeKey(edge.v, edge.w),
        points.map(p => ({ x: p.x, y: p.y })),
      );
    }
    const size = graph.graph();
    mainWidth = size.width ?? 0;
    mainHeight = size.height ?? 0;
  }

  let finallyLane: DagLane | undefined;
  const finallyNodes = dag.nodes.filter(n => n.finally);
  if (finallyNodes.length > 0) {
    const stackHeight =
      finallyNodes.length * DAG_NODE_HEIGHT +
      (finallyNodes.length - 1) * NODE_GAP;
    const laneHeight = Math.max(
      mainHeight - 2 * MARGIN,
      LANE_LABEL_HEIGHT + stackHeight + 2 * LANE_PADDING,
    );
    finallyLane = {
      label: 'finally',
      x: mainNodes.length > 0 ? mainWidth - MARGIN + LANE_GAP : MARGIN,
      y: MARGIN,
      width: DAG_NODE_WIDTH + 2 * LANE_PADDING,
      height: laneHeight,
    };
    // Centred in the space under the lane's label, so short lanes sit level with the graph.
    const top =
      finallyLane.y +
      LANE_LABEL_HEIGHT +
      (laneHeight - LANE_LABEL_HEIGHT - stackHeight) / 2;
    finallyNodes.forEach((node, i) => {
      boxes.set(node.name, {
        name: node.name,
        x: finallyLane!.x + LANE_PADDING,
        y: top + i * (DAG_NODE_HEIGHT + NODE_GAP),
        width: DAG_NODE_WIDTH,
        height: DAG_NODE_HEIGHT,
      });
    });
  }

  const edges: DagEdgeRoute[] = [];
  for (const edge of dag.edges) {
    const from = boxes.get(edge.from);
    const to = boxes.get(edge.to);
    if (!from || !to || edge.from === edge.to) continue;
    edges.push({
      from: edge.from,
      to: edge.to,
      kinds: edge.kinds,
      points:
        dagreRoutes.get(edgeKey(edge.from, edge.to)) ??
        routeEdge(from, to, finallyLane),
    });
  }

  const width = finallyLane
    ? finallyLane.x + finallyLane.width + MARGIN
    : mainWidth;
  const height = Math.max(
    mainHeight,
    finallyLane ? finallyLane.y + finallyLane.height + MARGIN : 0,
  );
  return {
    nodes: dag.nodes.map(n => boxes.get(n.name)!),
    edges,
    finallyLane,
    width,
    height,
  };
}

function edgeKey(from: string, to: string) {
  return `${from}\u0000${to}`;
}

/**
 * A route for the edges dagre did not lay out: result references into the finally lane
 * (Tekton allows no other edges there), which turn just before the lane.
 */
function routeEdge(
  from: DagNodeBox,
  to: DagNodeBox,
  lane: DagLane | undefined,
): DagPoint[] {
  const start = { x: from.x + from.width, y: from.y + from.height / 2 };
  const end = { x: to.x, y: to.y + to.height / 2 };
  if (lane && start.x < lane.x && end.x >= lane.x) {
    return [start, { x: lane.x - LANE_GAP / 2, y: end.y }, end];
  }
  return [start, end];
}
