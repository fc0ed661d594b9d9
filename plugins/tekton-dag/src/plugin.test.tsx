import { Route, Routes } from 'react-router-dom';
import { screen } from '@testing-library/react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  builtByOf,
  FakeTektonDagApi,
  makeTestCase,
  totalsOf,
} from './__testUtils__/FakeTektonDagApi';
import {
  renderWithApis,
  shopApi,
  shopApiWithArgoCd,
} from './__testUtils__/renderWithApis';
import {
  EntityLatestRunsCard,
  EntityTektonDagContent,
  EntityTektonDagGitOpsCard,
  EntityTektonDagGitOpsContent,
  EntityTektonDagTestsContent,
  isArgoCdAvailable,
  isTektonDagAvailable,
  TektonDagPage,
  tektonDagPlugin,
} from './index';
import { rootRouteRef } from './routes';

describe('tekton-dag for the legacy frontend system', () => {
  it('exports the plugin with its page route', () => {
    expect(tektonDagPlugin.getId()).toBe('tekton-dag');
    expect(tektonDagPlugin.routes.root).toBe(rootRouteRef);
  });

  it('renders the entity content', async () => {
    expect(isTektonDagAvailable(shopApi)).toBe(true);
    const api = new FakeTektonDagApi();
    api.addRun();
    await renderWithApis(<EntityTektonDagContent />, { api, entity: shopApi });
    expect(
      await screen.findByRole('heading', { name: 'pr-pipeline' }),
    ).toBeInTheDocument();
    expect(
      (await screen.findAllByText('pr-pipeline-00001')).length,
    ).toBeGreaterThan(0);
  });

  it("renders the entity Tests tab, linking runs to the Pipelines tab's run pages", async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun({ status: 'Failed' });
    api.addReport(run.id, 'test', [
      makeTestCase({ name: 'applies the discount', status: 'failed' }),
      makeTestCase({ name: 'adds an item' }),
    ]);
    await renderWithApis(<EntityTektonDagTestsContent />, {
      api,
      entity: shopApi,
      routeEntries: ['/catalog/default/component/shop-api/tests'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole('link', {
        name: /^pr-pipeline-00001 .*: 1 passed, 1 failed, 0 skipped$/,
      }),
    ).toHaveAttribute(
      'href',
      `/catalog/default/component/shop-api/pipelines/runs/${run.id}`,
    );
    expect(
      screen.getByRole('table', { name: 'Slowest tests' }),
    ).toBeInTheDocument();
  });

  it('shows the GitOps tab and card only on entities that name Argo CD Applications', () => {
    const annotated = (annotations: Record<string, string>) => ({
      metadata: { name: 'x', annotations },
    });
    expect(isArgoCdAvailable(shopApiWithArgoCd)).toBe(true);
    expect(
      isArgoCdAvailable(
        annotated({ 'argocd/app-selector': 'app.kubernetes.io/part-of=shop' }),
      ),
    ).toBe(true);
    expect(isArgoCdAvailable(shopApi)).toBe(false);
    expect(isArgoCdAvailable(annotated({ 'argocd/app-name': ' ' }))).toBe(
      false,
    );
  });

  it('renders the entity GitOps tab, linking the deployed revision to its run on the Pipelines tab', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun();
    api.addApplication('component:default/shop-api', {
      builtBy: builtByOf(run, totalsOf([makeTestCase(), makeTestCase()])),
    });
    await renderWithApis(<EntityTektonDagGitOpsContent />, {
      api,
      entity: shopApiWithArgoCd,
      routeEntries: ['/catalog/default/component/shop-api/gitops'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    const app = await screen.findByRole('region', {
      name: 'Application shop-api',
    });
    expect(app).toHaveTextContent(
      `built by run ${run.name} (Succeeded), 2/2 tests passed`,
    );
    expect(screen.getByRole('link', { name: run.name })).toHaveAttribute(
      'href',
      `/catalog/default/component/shop-api/pipelines/runs/${run.id}`,
    );
    expect(
      await screen.findByRole('button', { name: 'Sync shop-api' }),
    ).toBeInTheDocument();
  });

  it('renders the GitOps overview card, linking to the GitOps tab', async () => {
    const api = new FakeTektonDagApi();
    api.addApplication('component:default/shop-api');
    await renderWithApis(<EntityTektonDagGitOpsCard />, {
      api,
      entity: shopApiWithArgoCd,
      routeEntries: ['/catalog/default/component/shop-api'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByRole('img', { name: 'Health: Healthy' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'GitOps details' }),
    ).toHaveAttribute('href', '/catalog/default/component/shop-api/gitops');
  });

  it('renders the overview card with the latest run per pipeline', async () => {
    const api = new FakeTektonDagApi();
    api.addRun({ status: 'Failed' });
    await renderWithApis(<EntityLatestRunsCard />, { api, entity: shopApi });
    expect(await screen.findByText('Latest pipeline runs')).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: 'pr-pipeline-00001' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/shop-api/pipelines/runs/run-1',
    );
    expect(screen.getByText('Failed')).toBeInTheDocument();
  });

  it("renders the portal-wide page with every entity's runs", async () => {
    const api = new FakeTektonDagApi();
    api.addRun({ entityRef: 'component:default/shop-web' });
    api.addRun({ entityRef: 'component:default/shop-api' });
    await renderWithApis(
      <Routes>
        <Route path="/tekton-dag/*" element={<TektonDagPage />} />
      </Routes>,
      {
        api,
        routeEntries: ['/tekton-dag'],
        mountedRoutes: {
          '/tekton-dag': rootRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    // Each run's entity, linked to its catalog page.
    expect(
      await screen.findByRole('link', { name: /shop-web/ }),
    ).toHaveAttribute('href', '/catalog/default/component/shop-web');
    expect(screen.getByRole('link', { name: /shop-api/ })).toHaveAttribute(
      'href',
      '/catalog/default/component/shop-api',
    );
    expect(screen.getByRole('search')).toBeInTheDocument();
  });
});
