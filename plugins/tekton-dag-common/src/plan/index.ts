export { planPullRequest, PlanError } from './planPullRequest';
export type {
  BuildPlan,
  PlanEntity,
  PlanInput,
  PlanReason,
  PlanRelation,
} from './planPullRequest';
export {
  generatePipelineSpec,
  validateGeneratedPipeline,
} from './generatePipelineSpec';
export type {
  GeneratePipelineInput,
  PipelineComponent,
} from './generatePipelineSpec';
