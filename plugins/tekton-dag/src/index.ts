/**
 * The tekton-dag frontend plugin: Tekton pipelines and their runs on Backstage entities.
 * Legacy frontend system exports here; the new frontend system's plugin is under `/alpha`.
 *
 * @packageDocumentation
 */
export {
  tektonDagPlugin,
  EntityTektonDagContent,
  EntityTektonDagTestsContent,
  EntityTektonDagGitOpsContent,
  EntityTektonDagGitOpsCard,
  EntityLatestRunsCard,
  TektonDagPage,
  PipelineSearchResultListItem,
} from './plugin';
export type { PipelineSearchResultListItemProps } from './components/PipelineSearchResultListItem';
export { isTektonDagAvailable } from '@tekton-dag/plugin-tekton-dag-common';
export { isArgoCdAvailable } from './isArgoCdAvailable';
export { tektonDagApiRef, TektonDagClient } from './api';
export type {
  CancelMode,
  ClusterInfo,
  GitOpsActionResult,
  LogRequest,
  RunFilter,
  TektonDagApi,
  TestCaseQuery,
} from './api';
