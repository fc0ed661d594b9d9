export { validateRunParams } from './validateRunParams';
export type { RunParamsResult } from './validateRunParams';
export { runDuration } from './runDuration';
