import type { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import type { RouteRef } from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { tektonDagApiRef } from '../api';
import { FakeSignalApi } from './FakeSignalApi';
import { FakeTektonDagApi } from './FakeTektonDagApi';

export const shopApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop-api',
    namespace: 'default',
    annotations: {
      'tekton-dag/pipelines': 'pr-pipeline',
      'tekton-dag/namespace': 'shop',
      'tekton-dag/cluster': 'local',
    },
  },
  spec: { type: 'service', owner: 'group:default/shop-team' },
};

/** shop-api deployed by the Argo CD Application of the same name (`argocd/app-name`). */
export const shopApiWithArgoCd: Entity = {
  ...shopApi,
  metadata: {
    ...shopApi.metadata,
    annotations: {
      ...shopApi.metadata.annotations,
      'argocd/app-name': 'shop-api',
    },
  },
};

export interface RenderWithApisOptions {
  api?: FakeTektonDagApi;
  signals?: FakeSignalApi | null;
  deny?: string[];
  entity?: Entity;
  routeEntries?: string[];
  mountedRoutes?: Record<string, RouteRef>;
}

/**
 * Renders in a test app with the fake backend, fake signals and a permission policy (allow
 * everything unless told which permissions to deny), inside an entity when given one.
 */
export async function renderWithApis(
  element: ReactElement,
  options: RenderWithApisOptions = {},
): Promise<{ api: FakeTektonDagApi; signals: FakeSignalApi | null }> {
  const api = options.api ?? new FakeTektonDagApi();
  const signals =
    options.signals === undefined ? new FakeSignalApi() : options.signals;
  const deny = options.deny ?? [];
  const permissions = mockApis.permission({
    authorize: request =>
      deny.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  const apis: any[] = [
    [tektonDagApiRef, api],
    [permissionApiRef, permissions],
  ];
  if (signals) apis.push([signalApiRef, signals]);
  // usePermission caches decisions in SWR's global cache: each render gets its own, so one
  // test's policy never answers for another's.
  await renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider apis={apis as any}>{content}</TestApiProvider>
    </SWRConfig>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: options.mountedRoutes,
    },
  );
  return { api, signals };
}
