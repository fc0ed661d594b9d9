/**
 * Scaffolder actions of tekton-dag: create Tekton Pipelines and Argo CD Applications in a new
 * repository, apply Pipelines to a cluster and start runs.
 *
 * @packageDocumentation
 */
export { scaffolderModuleTektonDag as default } from './module';
export {
  createPipelineCreateAction,
  PIPELINE_CREATE_ACTION_ID,
} from './actions/pipelineCreate';
export {
  createArgoCdApplicationAction,
  ARGOCD_APPLICATION_ACTION_ID,
} from './actions/argocdApplication';
export {
  createPipelineApplyAction,
  PIPELINE_APPLY_ACTION_ID,
} from './actions/pipelineApply';
export { createRunStartAction, RUN_START_ACTION_ID } from './actions/runStart';
export {
  createLocalRepoCreateAction,
  LOCAL_REPO_CREATE_ACTION_ID,
} from './actions/localRepoCreate';
export {
  createLocalRepoPushAction,
  LOCAL_REPO_PUSH_ACTION_ID,
} from './actions/localRepoPush';
export { localRepositoryUrlReaderFactory } from './localRepositories/LocalRepositoryUrlReader';
