import {
  createApiFactory,
  createPlugin,
  createComponentExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { TektonDagClient, tektonDagApiRef } from './api';

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
});

/**
 * The entity "Pipelines" tab for the legacy frontend system; show it where
 * `isTektonDagAvailable(entity)` holds.
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
