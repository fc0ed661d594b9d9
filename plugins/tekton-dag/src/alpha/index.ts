/**
 * tekton-dag for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
export {
  default,
  tektonDagApi,
  tektonDagEntityContent,
  tektonDagEntityLatestRunsCard,
  tektonDagPage,
  tektonDagRootRouteRef,
} from './plugin';
