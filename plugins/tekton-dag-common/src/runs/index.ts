export { validateRunParams } from './validateRunParams';
export type { RunParamProblem, RunParamsResult } from './validateRunParams';
export { runDuration } from './runDuration';
