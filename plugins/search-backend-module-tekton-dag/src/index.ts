/**
 * A search collator that indexes each entity's Tekton pipelines (document type `tekton-dag`),
 * so that people find pipelines from the portal's search, only those of entities they may read.
 *
 * @packageDocumentation
 */
export { searchModuleTektonDagCollator as default } from './module';
export {
  TektonDagPipelineCollatorFactory,
  type TektonDagPipelineCollatorFactoryOptions,
  type TektonDagPipelineDocument,
} from './collator/TektonDagPipelineCollatorFactory';
export {
  PIPELINE_SEARCH_DOCUMENT_TYPE,
  type PipelineDocument,
} from '@tekton-dag/plugin-tekton-dag-common';
