export * from './types';
export {
  validateGitOpsRepository,
  formatValidationProblems,
} from './validateGitOpsRepository';
export type { GitOpsValidationOptions } from './validateGitOpsRepository';
export { SEED_SYNC_WAVES, WAVELESS_KINDS, seedWaveOfKind } from './syncWaves';
export type { SyncWave } from './syncWaves';
