import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import type { RunLink } from '../components/RunPage';

/**
 * Where one of the entity page's tabs is on the legacy frontend system: `tab` (the path the
 * app mounted it at, e.g. `pipelines` or `/ci/`) below the catalog's entity route, wherever
 * the catalog is.
 */
export function useEntityTabPath(tab: string): string {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  const entityPath = entityRoute(
    entityRouteParams(entity, { encodeParams: true }),
  );
  return `${entityPath.replace(/\/$/, '')}/${tab.replace(/^\/+|\/+$/g, '')}`;
}

/** Run pages below a Pipelines tab at `tabPath` (`runs/:runId`, see `RunRoutes`). */
export function runLinkUnder(tabPath: string): RunLink {
  const base = tabPath.replace(/\/$/, '');
  return run => `${base}/runs/${encodeURIComponent(run.id)}`;
}
