import { Route, Routes } from 'react-router-dom';
import { screen } from '@testing-library/react';
import { FakeTektonDagApi } from './__testUtils__/FakeTektonDagApi';
import { renderWithApis, shopApi } from './__testUtils__/renderWithApis';
import {
  EntityLatestRunsCard,
  EntityTektonDagContent,
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
        mountedRoutes: { '/tekton-dag': rootRouteRef },
      },
    );
    expect(
      await screen.findByText('component:default/shop-web'),
    ).toBeInTheDocument();
    expect(screen.getByText('component:default/shop-api')).toBeInTheDocument();
    expect(screen.getByRole('search')).toBeInTheDocument();
  });
});
