export { planPullRequest, PlanError } from './planPullRequest';
export type {
  BuildPlan,
  PlanEntity,
  PlanInput,
  PlanReason,
  PlanRelation,
} from './planPullRequest';
export {
  GENERATED_PIPELINE,
  generatePipelineSpec,
  validateGeneratedPipeline,
} from './generatePipelineSpec';
export type {
  GeneratePipelineInput,
  PipelineComponent,
} from './generatePipelineSpec';
