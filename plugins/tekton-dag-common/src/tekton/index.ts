export * from './types';
export {
  findParamReferences,
  findTaskResultReferences,
  findTaskStatusReferences,
} from './references';
export type { TaskResultReference } from './references';
