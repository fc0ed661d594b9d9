import { createRouteRef } from '@backstage/core-plugin-api';

/** The portal-wide pipelines page (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'tekton-dag' });
