import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isTektonDagAvailable } from '@tekton-dag/plugin-tekton-dag-common';
import { TektonDagClient, tektonDagApiRef } from '../api';

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

/** The entity "Pipelines" tab, on entities with the `tekton-dag/pipelines` annotation. */
export const tektonDagEntityContent = EntityContentBlueprint.make({
  name: 'pipelines',
  params: {
    path: '/pipelines',
    title: 'Pipelines',
    filter: isTektonDagAvailable,
    loader: () =>
      import('../components/EntityPipelinesContent').then(m => (
        <m.EntityPipelinesContent />
      )),
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
  extensions: [tektonDagApi, tektonDagEntityContent],
});
