import type { Graph } from '@dagrejs/dagre';

type LayoutGraph = Graph;

/**
 * A dagre `ranker`: every task goes in the first column it could start in, as Tekton schedules
 * it (a task starts once all it waits for are done). It is also linear, where dagre's default
 * network-simplex ranking takes hundreds of milliseconds on a 300-task pipeline.
 */
export function rankByEarliestStart(graph: LayoutGraph): void {
  const nodes = graph.nodes();
  const waiting = new Map<string, number>();
  const rank = new Map<string, number>();
  const ready: string[] = [];
  for (const v of nodes) {
    const count = graph.inEdges(v)?.length ?? 0;
    waiting.set(v, count);
    rank.set(v, 0);
    if (count === 0) ready.push(v);
  }
  // dagre breaks cycles before ranking, so every node becomes ready.
  for (let i = 0; i < ready.length; i++) {
    const v = ready[i];
    for (const edge of graph.outEdges(v) ?? []) {
      const minlen = (graph.edge(edge) as { minlen?: number }).minlen ?? 1;
      rank.set(edge.w, Math.max(rank.get(edge.w)!, rank.get(v)! + minlen));
      const left = waiting.get(edge.w)! - 1;
      waiting.set(edge.w, left);
      if (left === 0) ready.push(edge.w);
    }
  }
  for (const v of nodes) graph.node(v).rank = rank.get(v);
}

const MAX_SWEEPS = 24;
const SWEEPS_WITHOUT_GAIN = 4;

/**
 * Edge crossings between consecutive layers, by the accumulator tree of Barth et al., with its
 * buffers allocated once for all the sweeps.
 */
class CrossingCounter {
  private readonly tree: Uint32Array;
  private readonly ends: Float64Array;

  constructor(
    private readonly layers: number[][],
    private readonly succs: number[][],
    private readonly position: Float64Array,
  ) {
    const widest = Math.max(1, ...layers.map(layer => layer.length));
    this.tree = new Uint32Array(4 * widest);
    this.ends = new Float64Array(Math.max(1, ...succs.map(s => s.length)));
  }

  count(): number {
    const { layers, succs, position, tree, ends } = this;
    let total = 0;
    for (let r = 0; r + 1 < layers.length; r++) {
      const southSize = layers[r + 1].length;
      if (southSize === 0) continue;
      let first = 1;
      while (first < southSize) first <<= 1;
      tree.fill(0, 0, 2 * first - 1);
      first -= 1;
      for (const v of layers[r]) {
        const targets = succs[v];
        for (let j = 0; j < targets.length; j++) ends[j] = position[targets[j]];
        const sorted = ends.subarray(0, targets.length).sort();
        for (const end of sorted) {
          let i = end + first;
          tree[i]++;
          while (i > 0) {
            if (i % 2) total += tree[i + 1];
            i = (i - 1) >> 1;
            tree[i]++;
          }
        }
      }
    }
    return total;
  }
}

/**
 * A dagre `customOrder`: the usual barycentre heuristic (alternate down and up sweeps, keep the
 * order with the fewest crossings), on plain arrays. dagre's own ordering builds a graph per
 * layer and sweep, which dominates the layout time of large pipelines.
 */
export function orderByBarycentre(graph: LayoutGraph): void {
  const names = graph.nodes().filter(v => graph.node(v).rank !== undefined);
  const index = new Map(names.map((v, i) => [v, i]));
  const rankOf = names.map(v => graph.node(v).rank as number);
  const preds: number[][] = names.map(() => []);
  const succs: number[][] = names.map(() => []);
  for (const edge of graph.edges()) {
    const from = index.get(edge.v);
    const to = index.get(edge.w);
    // dagre splits long edges with dummy nodes, so edges join consecutive layers.
    if (from === undefined || to === undefined) continue;
    if (rankOf[to] !== rankOf[from] + 1) continue;
    succs[from].push(to);
    preds[to].push(from);
  }

  // The initial order is a depth-first walk from the sources, which keeps chains together.
  const layers: number[][] = [];
  const seen = new Uint8Array(names.length);
  const visit = (start: number) => {
    const stack = [start];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (seen[v]) continue;
      seen[v] = 1;
      (layers[rankOf[v]] ??= []).push(v);
      for (let i = succs[v].length - 1; i >= 0; i--) stack.push(succs[v][i]);
    }
  };
  names.forEach((_, v) => preds[v].length === 0 && visit(v));
  names.forEach((_, v) => visit(v));
  for (let r = 0; r < layers.length; r++) layers[r] ??= [];

  const position = new Float64Array(names.length);
  layers.forEach(layer => layer.forEach((v, i) => (position[v] = i)));
  const crossings = new CrossingCounter(layers, succs, position);

  let best = layers.map(layer => layer.slice());
  let fewest = crossings.count();
  const key = new Float64Array(names.length);
  for (
    let sweep = 0, sinceGain = 0;
    sweep < MAX_SWEEPS && sinceGain < SWEEPS_WITHOUT_GAIN && fewest > 0;
    sweep++, sinceGain++
  ) {
    const down = sweep % 2 === 0;
    const neighbours = down ? preds : succs;
    for (let step = 1; step < layers.length; step++) {
      const layer = layers[down ? step : layers.length - 1 - step];
      for (const v of layer) {
        const ns = neighbours[v];
        let sum = 0;
        for (const n of ns) sum += position[n];
        // Nodes with no neighbour on that side keep their place.
        key[v] = ns.length > 0 ? sum / ns.length : position[v];
      }
      layer.sort((a, b) => key[a] - key[b] || position[a] - position[b]);
      layer.forEach((v, i) => (position[v] = i));
    }
    const count = crossings.count();
    if (count < fewest) {
      fewest = count;
      best = layers.map(layer => layer.slice());
      sinceGain = -1;
    }
  }

  for (const layer of best) {
    layer.forEach((v, i) => {
      graph.node(names[v]).order = i;
    });
  }
}
