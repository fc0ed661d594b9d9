import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import {
  isTektonDagAvailable,
  PIPELINE_SEARCH_DOCUMENT_TYPE,
} from '@tekton-dag/plugin-tekton-dag-common';
import { TektonDagClient, tektonDagApiRef } from '../api';
import { isArgoCdAvailable } from '../isArgoCdAvailable';
import {
  tektonDagEntityGitOpsRouteRef,
  tektonDagEntityPipelinesRouteRef,
  tektonDagRootRouteRef,
} from './routes';

export {
  tektonDagEntityGitOpsRouteRef,
  tektonDagEntityPipelinesRouteRef,
  tektonDagRootRouteRef,
};

/** The client of the tekton-dag backend. */
export const tektonDagApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: tektonDagApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TektonDagClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The entity "Pipelines" tab, on entities with the `tekton-dag/pipelines` annotation. Its
 * route ref tells the Tests tab where run pages are.
 */
export const tektonDagEntityContent = EntityContentBlueprint.make({
  name: 'pipelines',
  params: {
    path: '/pipelines',
    title: 'Pipelines',
    routeRef: tektonDagEntityPipelinesRouteRef,
    filter: isTektonDagAvailable,
    loader: () =>
      import('../components/EntityPipelinesContent').then(m => (
        <m.EntityPipelinesContent />
      )),
  },
});

/** The entity "Tests" tab: test trend, flaky and slowest tests, on the same entities. */
export const tektonDagEntityTestsContent = EntityContentBlueprint.make({
  name: 'tests',
  params: {
    path: '/tests',
    title: 'Tests',
    filter: isTektonDagAvailable,
    loader: () => import('./EntityTestsTab').then(m => <m.EntityTestsTab />),
  },
});

/**
 * The entity "GitOps" tab, on entities with `argocd/app-name` or `argocd/app-selector`: their
 * Argo CD Applications, deployed revisions linked to the runs (on the Pipelines tab) that
 * built them. Its route ref tells the GitOps card where the tab is.
 */
export const tektonDagEntityGitOpsContent = EntityContentBlueprint.make({
  name: 'gitops',
  params: {
    path: '/gitops',
    title: 'GitOps',
    routeRef: tektonDagEntityGitOpsRouteRef,
    filter: isArgoCdAvailable,
    loader: () => import('./EntityGitOps').then(m => <m.EntityGitOpsTab />),
  },
});

/** The overview card of the entity's Argo CD Applications, on the same entities. */
export const tektonDagEntityGitOpsCard = EntityCardBlueprint.make({
  name: 'gitops',
  params: {
    filter: isArgoCdAvailable,
    loader: () => import('./EntityGitOps').then(m => <m.EntityGitOpsCard />),
  },
});

/** The overview card with each pipeline's latest run. */
export const tektonDagEntityLatestRunsCard = EntityCardBlueprint.make({
  name: 'latest-runs',
  params: {
    filter: isTektonDagAvailable,
    loader: () =>
      import('../components/EntityLatestRunsCard').then(m => (
        <m.EntityLatestRunsCard />
      )),
  },
});

/** The portal-wide pipelines page at /tekton-dag, in the sidebar as "Pipelines". */
export const tektonDagPage = PageBlueprint.make({
  params: {
    path: '/tekton-dag',
    title: 'Pipelines',
    icon: <AccountTreeIcon />,
    routeRef: tektonDagRootRouteRef,
    noHeader: true,
    loader: () =>
      import('../components/TektonDagPage').then(m => <m.TektonDagPage />),
  },
});

/**
 * Pipelines in the search page's results (document type `tekton-dag`, indexed by
 * `@tekton-dag/plugin-search-backend-module-tekton-dag`): name, entity, description, tasks and
 * the latest run's status, linking to the entity's Pipelines tab.
 */
export const tektonDagSearchResultListItem = SearchResultListItemBlueprint.make(
  {
    params: {
      predicate: result => result.type === PIPELINE_SEARCH_DOCUMENT_TYPE,
      component: () =>
        import('../components/PipelineSearchResultListItem').then(
          m => m.PipelineSearchResultListItem,
        ),
      icon: <AccountTreeIcon />,
    },
  },
);

/** The result type "Pipelines" of the search page's "Result Type" filter. */
export const tektonDagSearchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'pipelines',
  params: {
    value: PIPELINE_SEARCH_DOCUMENT_TYPE,
    name: 'Pipelines',
    icon: <AccountTreeIcon />,
  },
});

/**
 * The tekton-dag plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'tekton-dag',
  title: 'Tekton pipelines',
  routes: {
    root: tektonDagRootRouteRef,
    entityPipelines: tektonDagEntityPipelinesRouteRef,
    entityGitOps: tektonDagEntityGitOpsRouteRef,
  },
  extensions: [
    tektonDagApi,
    tektonDagEntityContent,
    tektonDagEntityTestsContent,
    tektonDagEntityLatestRunsCard,
    tektonDagEntityGitOpsContent,
    tektonDagEntityGitOpsCard,
    tektonDagPage,
    tektonDagSearchResultListItem,
    tektonDagSearchResultType,
  ],
});
