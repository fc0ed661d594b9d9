import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The portal-wide pipelines page's route. */
export const tektonDagRootRouteRef = createRouteRef();

/**
 * The entity "Pipelines" tab's route: run pages live below it (`runs/:runId`), so the Tests
 * tab resolves it to link bars to runs wherever the app puts the tab.
 */
export const tektonDagEntityPipelinesRouteRef = createRouteRef();

/** The entity "GitOps" tab's route, which the GitOps overview card links to. */
export const tektonDagEntityGitOpsRouteRef = createRouteRef();
