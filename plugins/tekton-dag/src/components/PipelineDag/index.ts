export { PipelineDag } from './PipelineDag';
export type { PipelineDagProps } from './PipelineDag';
export { layoutDag } from './layoutDag';
export type {
  DagLayout,
  DagLane,
  DagNodeBox,
  DagEdgeRoute,
  DagPoint,
} from './layoutDag';
export type { DagTaskStatus } from './taskStatus';
