export * from './types';
export { buildPipelineDag, findDagCycle, dagLevels } from './buildDag';
