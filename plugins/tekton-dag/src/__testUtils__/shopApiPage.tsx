import type { ReactElement } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { RenderWithApisOptions } from './renderWithApis';

/** Where the catalog shows shop-api, the entity of the fixtures. */
export const shopApiPage = '/catalog/default/component/shop-api';

/**
 * renderWithApis options that open `path` below shop-api's page, in an app that mounts the
 * catalog's entity route: the components under test link to the entity and its tabs by it.
 */
export function onShopApiPage(
  path: string,
  options: RenderWithApisOptions,
): RenderWithApisOptions {
  return {
    routeEntries: [`${shopApiPage}${path}`],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    ...options,
  };
}

function RunPageStub() {
  return <h2>Run page of {useParams().runId}</h2>;
}

/**
 * `content` as the catalog mounts shop-api's `tab`, beside the Pipelines tab's run pages (a
 * stub whose heading names the run), so that following a link to a run can be checked.
 */
export function shopApiTab(tab: string, content: ReactElement) {
  return (
    <Routes>
      <Route path={`${shopApiPage}/${tab}/*`} element={content} />
      <Route
        path={`${shopApiPage}/:tab/runs/:runId`}
        element={<RunPageStub />}
      />
    </Routes>
  );
}
