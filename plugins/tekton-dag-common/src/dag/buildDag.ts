import type { PipelineSpec, PipelineTask } from '../tekton/types';
import { findTaskResultReferences } from '../tekton/references';
import type { Dag, DagEdge, DagNode } from './types';

function matrixOf(task: PipelineTask): DagNode['matrix'] {
  const params = task.matrix?.params ?? [];
  const include = task.matrix?.include ?? [];
  if (params.length === 0 && include.length === 0) return undefined;
  let combinations: number | undefined = params.length > 0 ? 1 : 0;
  for (const param of params) {
    // A `$(params.x)` array is only known at run time.
    if (Array.isArray(param.value) && combinations !== undefined) {
      combinations *= param.value.length;
    } else {
      combinations = undefined;
    }
  }
  if (combinations !== undefined) combinations += include.length;
  return { params: params.map(p => p.name), combinations };
}

/**
 * Builds the task graph of a Pipeline spec: one node per task and finally task, an edge per
 * `runAfter` entry and per result reference between tasks. Edges naming unknown tasks are
 * left out here; `validateGitOpsRepository` reports them.
 */
export function buildPipelineDag(spec: PipelineSpec): Dag {
  const nodes: DagNode[] = [];
  const edges = new Map<string, DagEdge>();
  const tasks = spec.tasks ?? [];
  const finallyTasks = spec.finally ?? [];
  const known = new Set([...tasks, ...finallyTasks].map(t => t.name));

  const addEdge = (
    from: string,
    to: string,
    kind: DagEdge['kinds'][number],
  ) => {
    if (!known.has(from) || from === to) return;
    const key = `${from}\u0000${to}`;
    const edge = edges.get(key) ?? { from, to, kinds: [] };
    if (!edge.kinds.includes(kind)) edge.kinds.push(kind);
    edges.set(key, edge);
  };

  for (const [isFinally, list] of [
    [false, tasks],
    [true, finallyTasks],
  ] as const) {
    for (const task of list) {
      nodes.push({
        name: task.name,
        displayName: task.displayName,
        taskRef: task.taskRef?.name,
        finally: isFinally,
        matrix: matrixOf(task),
        conditional: (task.when ?? []).length > 0,
      });
      for (const before of task.runAfter ?? [])
        addEdge(before, task.name, 'runAfter');
      const { name: _name, runAfter: _runAfter, ...rest } = task;
      for (const ref of findTaskResultReferences(rest))
        addEdge(ref.task, task.name, 'result');
    }
  }
  return { nodes, edges: [...edges.values()] };
}

/**
 * A cycle among the graph's edges, as the list of task names that form it (first name
 * repeated at the end), or undefined when the graph is acyclic.
 */
export function findDagCycle(dag: Dag): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const edge of dag.edges) {
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') {
      return [...path.slice(path.indexOf(name)), name];
    }
    state.set(name, 'visiting');
    path.push(name);
    for (const to of next.get(name) ?? []) {
      const cycle = visit(to);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const node of dag.nodes) {
    const cycle = visit(node.name);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * The non-finally tasks grouped in the order Tekton can start them: every task of a level
 * depends only on tasks of earlier levels. Throws on a cycle.
 */
export function dagLevels(dag: Dag): string[][] {
  const cycle = findDagCycle(dag);
  if (cycle) throw new Error(`The pipeline has a cycle: ${cycle.join(' -> ')}`);
  const names = dag.nodes.filter(n => !n.finally).map(n => n.name);
  const level = new Map<string, number>();
  const before = new Map<string, string[]>();
  for (const edge of dag.edges) {
    before.set(edge.to, [...(before.get(edge.to) ?? []), edge.from]);
  }
  const levelOf = (name: string): number => {
    const cached = level.get(name);
    if (cached !== undefined) return cached;
    const deps = before.get(name) ?? [];
    const value = deps.length ? Math.max(...deps.map(levelOf)) + 1 : 0;
    level.set(name, value);
    return value;
  };
  const levels: string[][] = [];
  for (const name of names) (levels[levelOf(name)] ??= []).push(name);
  return levels;
}
