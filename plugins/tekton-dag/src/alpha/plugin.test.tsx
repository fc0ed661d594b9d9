import { Route, Routes } from 'react-router-dom';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import {
  coreExtensionData,
  createExtension,
  createExtensionInput,
  createFrontendPlugin,
  createRouteRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  builtByOf,
  FakeTektonDagApi,
  makeTestCase,
  totalsOf,
} from '../__testUtils__/FakeTektonDagApi';
import { shopApiWithArgoCd } from '../__testUtils__/renderWithApis';
import { tektonDagApiRef } from '../api';
import tektonDagPlugin, {
  tektonDagEntityContent,
  tektonDagEntityGitOpsCard,
  tektonDagEntityGitOpsContent,
  tektonDagEntityGitOpsRouteRef,
  tektonDagEntityLatestRunsCard,
  tektonDagEntityPipelinesRouteRef,
  tektonDagEntityTestsContent,
  tektonDagPage,
} from './plugin';

/**
 * A stand-in for the catalog's entity page (`page:catalog/entity`): entity contents below
 * `/catalog/:namespace/:kind/:name`, each at its path, as the catalog routes them, and the
 * overview (`entity-content:catalog/overview`) with its cards at the entity page itself. The
 * entity has pipelines and an Argo CD Application.
 */
const fakeCatalogPlugin = createFrontendPlugin({
  pluginId: 'catalog',
  extensions: [
    createExtension({
      kind: 'page',
      name: 'entity',
      attachTo: { id: 'app/routes', input: 'routes' },
      inputs: {
        contents: createExtensionInput([
          coreExtensionData.reactElement,
          coreExtensionData.routePath,
          coreExtensionData.routeRef.optional(),
        ]),
      },
      output: [
        coreExtensionData.reactElement,
        coreExtensionData.routePath,
        coreExtensionData.routeRef,
      ],
      factory: ({ inputs }) => [
        coreExtensionData.routePath('/catalog/:namespace/:kind/:name'),
        coreExtensionData.routeRef(
          createRouteRef({ params: ['namespace', 'kind', 'name'] }),
        ),
        coreExtensionData.reactElement(
          <EntityProvider entity={shopApiWithArgoCd}>
            <Routes>
              {inputs.contents.map(content => {
                const path = content.get(coreExtensionData.routePath);
                return (
                  <Route
                    key={path}
                    path={`${path.replace(/^\//, '')}/*`}
                    element={content.get(coreExtensionData.reactElement)}
                  />
                );
              })}
            </Routes>
          </EntityProvider>,
        ),
      ],
    }),
    createExtension({
      kind: 'entity-content',
      name: 'overview',
      attachTo: { id: 'page:catalog/entity', input: 'contents' },
      inputs: {
        cards: createExtensionInput([
          coreExtensionData.reactElement,
          EntityCardBlueprint.dataRefs.filterFunction.optional(),
          EntityCardBlueprint.dataRefs.filterExpression.optional(),
          EntityCardBlueprint.dataRefs.type.optional(),
        ]),
      },
      output: [coreExtensionData.reactElement, coreExtensionData.routePath],
      factory: ({ inputs }) => [
        coreExtensionData.routePath('/'),
        coreExtensionData.reactElement(
          <>
            {inputs.cards.map(card => (
              <div key={card.node.spec.id}>
                {card.get(coreExtensionData.reactElement)}
              </div>
            ))}
          </>,
        ),
      ],
    }),
  ],
});

/** The app with the fake catalog and tekton-dag, at `path`, the Pipelines tab at `/ci`. */
function renderApp(api: FakeTektonDagApi, path: string) {
  return renderTestApp({
    features: [fakeCatalogPlugin, tektonDagPlugin],
    apis: [[tektonDagApiRef, api], mockApis.permission()],
    initialRouteEntries: [path],
    config: {
      app: {
        baseUrl: 'http://localhost:3000',
        extensions: [
          {
            'entity-content:tekton-dag/pipelines': {
              config: { path: '/ci' },
            },
          },
        ],
      },
      backend: { baseUrl: 'http://localhost:7007' },
    },
  });
}

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
  spec: {},
});

describe('tekton-dag for the new frontend system', () => {
  it('adds a "Pipelines" tab at /pipelines only to entities with tekton-dag/pipelines', () => {
    const tester = createExtensionTester(tektonDagEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Pipelines');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity({ 'tekton-dag/pipelines': 'pr-pipeline' }))).toBe(
      true,
    );
    expect(filter(entity({ 'argocd/app-name': 'shop-api' }))).toBe(false);
  });

  it('adds the latest-runs card to the same entities', () => {
    const tester = createExtensionTester(tektonDagEntityLatestRunsCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity({ 'tekton-dag/pipelines': 'nightly' }))).toBe(true);
    expect(filter(entity({}))).toBe(false);
  });

  it('adds the portal-wide page at /tekton-dag', () => {
    const tester = createExtensionTester(tektonDagPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/tekton-dag');
    expect(tester.get(coreExtensionData.title)).toBe('Pipelines');
  });

  it('adds a "Tests" tab at /tests to the same entities', () => {
    const tester = createExtensionTester(tektonDagEntityTestsContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Tests');
    expect(tester.get(coreExtensionData.routePath)).toBe('/tests');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity({ 'tekton-dag/pipelines': 'pr-pipeline' }))).toBe(
      true,
    );
    expect(filter(entity({}))).toBe(false);
  });

  it('gives the Pipelines tab a route ref, which the plugin offers for binding', () => {
    const tester = createExtensionTester(tektonDagEntityContent);
    expect(tester.get(coreExtensionData.routeRef)).toBe(
      tektonDagEntityPipelinesRouteRef,
    );
    expect(tektonDagPlugin.routes.entityPipelines).toBe(
      tektonDagEntityPipelinesRouteRef,
    );
  });

  it("links the Tests tab's bars to run pages under the Pipelines tab, at the path the app configured", async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun({ status: 'Failed' });
    api.addReport(run.id, 'test', [
      makeTestCase({ name: 'applies the discount', status: 'failed' }),
    ]);
    renderApp(api, '/catalog/default/component/shop-api/tests');
    const bar = await screen.findByRole('link', {
      name: /^pr-pipeline-00001 .*: 0 passed, 1 failed, 0 skipped$/,
    });
    expect(bar).toHaveAttribute(
      'href',
      `/catalog/default/component/shop-api/ci/runs/${run.id}`,
    );
    await userEvent.click(bar);
    expect(
      await screen.findByRole('heading', { name: 'pr-pipeline-00001' }),
    ).toBeInTheDocument();
  });

  it('adds a "GitOps" tab at /gitops only to entities that name Argo CD Applications', () => {
    const tester = createExtensionTester(tektonDagEntityGitOpsContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('GitOps');
    expect(tester.get(coreExtensionData.routePath)).toBe('/gitops');
    expect(tester.get(coreExtensionData.routeRef)).toBe(
      tektonDagEntityGitOpsRouteRef,
    );
    expect(tektonDagPlugin.routes.entityGitOps).toBe(
      tektonDagEntityGitOpsRouteRef,
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity({ 'argocd/app-name': 'shop-api' }))).toBe(true);
    expect(
      filter(
        entity({ 'argocd/app-selector': 'app.kubernetes.io/part-of=shop' }),
      ),
    ).toBe(true);
    expect(filter(entity({ 'tekton-dag/pipelines': 'pr-pipeline' }))).toBe(
      false,
    );
  });

  it('adds the GitOps card to the same entities', () => {
    const tester = createExtensionTester(tektonDagEntityGitOpsCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity({ 'argocd/app-name': 'shop-api' }))).toBe(true);
    expect(filter(entity({ 'argocd/app-selector': 'team=shop' }))).toBe(true);
    expect(filter(entity({}))).toBe(false);
  });

  it("links the GitOps tab's deployed revisions to run pages under the Pipelines tab", async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun();
    api.addApplication('component:default/shop-api', {
      builtBy: builtByOf(run, totalsOf([makeTestCase()])),
    });
    renderApp(api, '/catalog/default/component/shop-api/gitops');
    const app = await screen.findByRole('region', {
      name: 'Application shop-api',
    });
    expect(app).toHaveTextContent(
      `built by run ${run.name} (Succeeded), 1/1 tests passed`,
    );
    const link = screen.getAllByRole('link', { name: run.name })[0];
    expect(link).toHaveAttribute(
      'href',
      `/catalog/default/component/shop-api/ci/runs/${run.id}`,
    );
    await userEvent.click(link);
    expect(
      await screen.findByRole('heading', { name: run.name }),
    ).toBeInTheDocument();
  });

  it('links the GitOps card to the GitOps tab and to run pages', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun();
    api.addApplication('component:default/shop-api', {
      sync: { status: 'OutOfSync', revision: run.revision },
      builtBy: builtByOf(run),
    });
    renderApp(api, '/catalog/default/component/shop-api');
    const app = await screen.findByRole('region', {
      name: 'Application shop-api',
    });
    expect(
      within(app).getByRole('img', { name: 'Sync status: OutOfSync' }),
    ).toBeInTheDocument();
    expect(within(app).getByRole('link', { name: run.name })).toHaveAttribute(
      'href',
      `/catalog/default/component/shop-api/ci/runs/${run.id}`,
    );
    const details = screen.getByRole('link', { name: 'GitOps details' });
    expect(details).toHaveAttribute(
      'href',
      '/catalog/default/component/shop-api/gitops',
    );
    await userEvent.click(details);
    expect(
      await screen.findByRole('button', { name: 'Sync shop-api' }),
    ).toBeInTheDocument();
  });
});
