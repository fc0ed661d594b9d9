import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createSearchResultListItemExtension } from '@backstage/plugin-search-react';
import { PIPELINE_SEARCH_DOCUMENT_TYPE } from '@tekton-dag/plugin-tekton-dag-common';
import { TektonDagClient, tektonDagApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The tekton-dag plugin for apps on the legacy frontend system. Apps on the new frontend
 * system use `@tekton-dag/plugin-tekton-dag/alpha`.
 *
 * @public
 */
export const tektonDagPlugin = createPlugin({
  id: 'tekton-dag',
  apis: [
    createApiFactory({
      api: tektonDagApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TektonDagClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The entity "Pipelines" tab for the legacy frontend system; show it where
 * `isTektonDagAvailable(entity)` holds. Mount it at a path ending in `/*` is not needed: run
 * pages live under it as `runs/:runId`.
 *
 * @public
 */
export const EntityTektonDagContent = tektonDagPlugin.provide(
  createComponentExtension({
    name: 'EntityTektonDagContent',
    component: {
      lazy: () =>
        import('./components/EntityPipelinesContent').then(
          m => m.EntityPipelinesContent,
        ),
    },
  }),
);

/**
 * The entity "Tests" tab for the legacy frontend system: the test trend over the entity's
 * runs, flaky tests and slowest tests; show it where `isTektonDagAvailable(entity)` holds.
 * Its bars open run pages on the Pipelines tab: pass `pipelinesPath` when that tab is not
 * mounted at `pipelines` below the entity page.
 *
 * @public
 */
export const EntityTektonDagTestsContent = tektonDagPlugin.provide(
  createComponentExtension({
    name: 'EntityTektonDagTestsContent',
    component: {
      lazy: () =>
        import('./components/EntityTestsContent').then(
          m => m.EntityTestsContent,
        ),
    },
  }),
);

/**
 * The entity "GitOps" tab for the legacy frontend system: the entity's Argo CD Applications
 * (sync, health, the run that built the deployed revision, history, resources by sync wave,
 * Sync and Refresh); show it where `isArgoCdAvailable(entity)` holds. Revisions link to run
 * pages on the Pipelines tab: pass `pipelinesPath` when that tab is not mounted at
 * `pipelines` below the entity page.
 *
 * @public
 */
export const EntityTektonDagGitOpsContent = tektonDagPlugin.provide(
  createComponentExtension({
    name: 'EntityTektonDagGitOpsContent',
    component: {
      lazy: () =>
        import('./components/EntityGitOpsContent').then(
          m => m.EntityGitOpsContent,
        ),
    },
  }),
);

/**
 * The entity overview card of the entity's Argo CD Applications: sync, health, the deployed
 * revision and the run that built it; show it where `isArgoCdAvailable(entity)` holds. Pass
 * `gitopsPath` and `pipelinesPath` when those tabs are not at `gitops` and `pipelines`.
 *
 * @public
 */
export const EntityTektonDagGitOpsCard = tektonDagPlugin.provide(
  createComponentExtension({
    name: 'EntityTektonDagGitOpsCard',
    component: {
      lazy: () =>
        import('./components/EntityGitOpsCard').then(m => m.EntityGitOpsCard),
    },
  }),
);

/**
 * The entity overview card: the latest run of each pipeline.
 *
 * @public
 */
export const EntityLatestRunsCard = tektonDagPlugin.provide(
  createComponentExtension({
    name: 'EntityLatestRunsCard',
    component: {
      lazy: () =>
        import('./components/EntityLatestRunsCard').then(
          m => m.EntityLatestRunsCard,
        ),
    },
  }),
);

/**
 * The portal-wide pipelines page: mount it at `/tekton-dag`.
 *
 * @public
 */
export const TektonDagPage = tektonDagPlugin.provide(
  createRoutableExtension({
    name: 'TektonDagPage',
    component: () =>
      import('./components/TektonDagPage').then(m => m.TektonDagPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * A pipeline in the search results (document type `tekton-dag`, indexed by
 * `@tekton-dag/plugin-search-backend-module-tekton-dag`) for the legacy frontend system: put it
 * among the search page's result list item extensions, e.g.
 * `<SearchResult><PipelineSearchResultListItem /></SearchResult>`.
 *
 * @public
 */
export const PipelineSearchResultListItem = tektonDagPlugin.provide(
  createSearchResultListItemExtension({
    name: 'PipelineSearchResultListItem',
    component: () =>
      import('./components/PipelineSearchResultListItem').then(
        m => m.PipelineSearchResultListItem,
      ),
    predicate: result => result.type === PIPELINE_SEARCH_DOCUMENT_TYPE,
  }),
);
