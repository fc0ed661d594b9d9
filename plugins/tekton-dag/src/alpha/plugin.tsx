import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import { isTektonDagAvailable } from '@tekton-dag/plugin-tekton-dag-common';
import { TektonDagClient, tektonDagApiRef } from '../api';

/** The portal-wide pipelines page's route. */
export const tektonDagRootRouteRef = createRouteRef();

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
 * The tekton-dag plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'tekton-dag',
  title: 'Tekton pipelines',
  routes: { root: tektonDagRootRouteRef },
  extensions: [
    tektonDagApi,
    tektonDagEntityContent,
    tektonDagEntityLatestRunsCard,
    tektonDagPage,
  ],
});
