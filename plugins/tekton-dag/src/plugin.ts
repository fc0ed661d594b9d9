import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
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
