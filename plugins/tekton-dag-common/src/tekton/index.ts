export * from './types';
export { paramTypeOf } from './paramType';
export {
  findParamReferences,
  findTaskResultReferences,
  findTaskStatusReferences,
} from './references';
export type { TaskResultReference } from './references';
