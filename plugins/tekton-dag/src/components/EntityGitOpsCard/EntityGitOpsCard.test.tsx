import { act, screen, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import {
  builtByOf,
  FakeTektonDagApi,
  makeTestCase,
  totalsOf,
} from '../../__testUtils__/FakeTektonDagApi';
import {
  renderWithApis,
  shopApi,
  shopApiWithArgoCd,
} from '../../__testUtils__/renderWithApis';
import { onShopApiPage, shopApiPage } from '../../__testUtils__/shopApiPage';
import { EntityGitOpsCard } from './EntityGitOpsCard';

const ref = 'component:default/shop-api';
const options = (api: FakeTektonDagApi, entity: Entity = shopApiWithArgoCd) =>
  onShopApiPage('', { api, entity });

function apiWithApps() {
  const api = new FakeTektonDagApi();
  const run = api.addRun();
  api.addApplication(ref, {
    builtBy: builtByOf(
      run,
      totalsOf(Array.from({ length: 120 }, () => makeTestCase())),
    ),
  });
  const canary = api.addApplication(ref, {
    name: 'shop-api-canary',
    sync: { status: 'OutOfSync', revision: 'main' },
    health: { status: 'Degraded', message: 'CrashLoopBackOff' },
    resources: [
      {
        kind: 'Deployment',
        name: 'shop-api',
        syncWave: 0,
        status: 'OutOfSync',
      },
      { kind: 'Service', name: 'shop-api', syncWave: 0, status: 'OutOfSync' },
      { kind: 'ConfigMap', name: 'shop-api', syncWave: -1, status: 'Synced' },
    ],
  });
  return { api, run, canary };
}

describe('EntityGitOpsCard', () => {
  it('shows each Application with badges, the run that built its revision and the drift', async () => {
    const { api, run } = apiWithApps();
    await renderWithApis(<EntityGitOpsCard />, options(api));

    const shop = within(
      await screen.findByRole('region', { name: 'Application shop-api' }),
    );
    expect(
      shop.getByRole('img', { name: 'Sync status: Synced' }),
    ).toBeInTheDocument();
    expect(shop.getByRole('img', { name: 'Health: Healthy' })).toBeVisible();
    expect(shop.getByText(/^Revision/, { selector: 'div' })).toHaveTextContent(
      `Revision 0123456 · built by run ${run.name} (Succeeded), 120/120 tests passed`,
    );
    expect(shop.getByRole('link', { name: run.name })).toHaveAttribute(
      'href',
      `${shopApiPage}/pipelines/runs/${run.id}`,
    );
    expect(shop.getByRole('link', { name: 'shop-api' })).toHaveAttribute(
      'href',
      `${shopApiPage}/gitops`,
    );
    expect(shop.getByText('Its one resource is in sync')).toBeInTheDocument();

    const canary = within(
      screen.getByRole('region', { name: 'Application shop-api-canary' }),
    );
    expect(
      canary.getByRole('img', { name: 'Sync status: OutOfSync' }),
    ).toBeInTheDocument();
    expect(
      canary.getByRole('img', { name: 'Health: Degraded' }),
    ).toHaveAttribute('title', 'CrashLoopBackOff');
    expect(canary.getByText('2 resources out of sync')).toBeInTheDocument();
    expect(
      canary.getByText(/no run built this revision before it was deployed/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'GitOps details' }),
    ).toHaveAttribute('href', `${shopApiPage}/gitops`);
  });

  it('follows the Applications live', async () => {
    const { api, canary } = apiWithApps();
    const { signals } = await renderWithApis(
      <EntityGitOpsCard />,
      options(api),
    );
    const region = await screen.findByRole('region', {
      name: 'Application shop-api-canary',
    });
    canary.sync.status = 'Synced';
    canary.resources.forEach(r => {
      r.status = 'Synced';
    });
    act(() =>
      signals!.publish(`tekton-dag:gitops:${ref}`, {
        type: 'gitops',
        application: 'shop-api-canary',
        syncStatus: 'Synced',
      }),
    );
    expect(
      await within(region).findByRole('img', { name: 'Sync status: Synced' }),
    ).toBeInTheDocument();
    expect(within(region).getByText('All 3 resources in sync')).toBeVisible();
  });

  it('links to the tabs where the app mounted them, and says when a source is unreadable', async () => {
    const { api, run } = apiWithApps();
    api.addGitOpsError(ref, {
      source: { kind: 'argocd', instance: 'main' },
      message: 'Argo CD answered 401 Unauthorized',
    });
    await renderWithApis(
      <EntityGitOpsCard gitopsPath="deployments" pipelinesPath="/ci" />,
      options(api),
    );
    expect(
      await screen.findByText(
        'Could not read from Argo CD instance main: Argo CD answered 401 Unauthorized',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: run.name })).toHaveAttribute(
      'href',
      `${shopApiPage}/ci/runs/${run.id}`,
    );
    expect(
      screen.getByRole('link', { name: 'GitOps details' }),
    ).toHaveAttribute('href', `${shopApiPage}/deployments`);
  });

  it('says when the entity names no Application', async () => {
    const api = new FakeTektonDagApi();
    await renderWithApis(<EntityGitOpsCard />, options(api, shopApi));
    expect(
      await screen.findByText(/This entity names no Argo CD Application/),
    ).toBeInTheDocument();
    expect(api.calls).toEqual([]);
  });
});
