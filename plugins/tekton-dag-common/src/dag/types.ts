/** A pipeline's task graph as the portal draws and reasons about it. */

export type DagEdgeKind = 'runAfter' | 'result';

export interface DagNode {
  /** The pipeline task's name, unique within the pipeline. */
  name: string;
  displayName?: string;
  /** The Task it runs: a `taskRef` name, or undefined for an embedded `taskSpec`. */
  taskRef?: string;
  /** `finally` tasks run after all others, in their own lane. */
  finally: boolean;
  /** Matrix fan-out: the number of combinations when known from literal values. */
  matrix?: { params: string[]; combinations?: number };
  /** Guarded by `when` expressions, so it may be skipped. */
  conditional: boolean;
}

export interface DagEdge {
  from: string;
  to: string;
  /** Why `to` waits for `from`: an explicit `runAfter` or a `$(tasks.from.results.x)` reference. */
  kinds: DagEdgeKind[];
}

export interface Dag {
  nodes: DagNode[];
  edges: DagEdge[];
}
