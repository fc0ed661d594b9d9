import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { TektonDagClient, tektonDagApiRef } from './api';

export const rootRouteRef = createRouteRef({ id: 'tekton-dag' });

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
 * `isTektonDagAvailable(entity)` holds.
 *
 * @public
 */
export const EntityTektonDagContent = tektonDagPlugin.provide(
  createRoutableExtension({
    name: 'EntityTektonDagContent',
    component: () =>
      import('./components/EntityPipelinesContent').then(
        m => m.EntityPipelinesContent,
      ),
    mountPoint: rootRouteRef,
  }),
);
