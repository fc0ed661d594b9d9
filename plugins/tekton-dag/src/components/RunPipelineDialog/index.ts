export { RunPipelineDialog } from './RunPipelineDialog';
export type { RunPipelineDialogProps } from './RunPipelineDialog';
