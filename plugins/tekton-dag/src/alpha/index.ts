/**
 * tekton-dag for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
export {
  default,
  tektonDagApi,
  tektonDagEntityContent,
  tektonDagEntityGitOpsCard,
  tektonDagEntityGitOpsContent,
  tektonDagEntityGitOpsRouteRef,
  tektonDagEntityLatestRunsCard,
  tektonDagEntityPipelinesRouteRef,
  tektonDagEntityTestsContent,
  tektonDagPage,
  tektonDagRootRouteRef,
} from './plugin';
