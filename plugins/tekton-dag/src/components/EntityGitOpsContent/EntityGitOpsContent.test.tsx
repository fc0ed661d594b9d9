import { useState } from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type {
  EntityGitOps,
  GitOpsResource,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { GitOpsActionResult } from '../../api';
import {
  builtByOf,
  FakeTektonDagApi,
  totalsOf,
  makeTestCase,
} from '../../__testUtils__/FakeTektonDagApi';
import {
  renderWithApis,
  shopApi,
  shopApiWithArgoCd,
} from '../../__testUtils__/renderWithApis';
import {
  onShopApiPage,
  shopApiPage,
  shopApiTab,
} from '../../__testUtils__/shopApiPage';
import { labelNotInName } from '../../__testUtils__/labelInName';
import { EntityGitOpsContent } from './EntityGitOpsContent';

const ref = 'component:default/shop-api';
const SHA1 = `aaaaaaa${'1'.repeat(33)}`;
const SHA2 = `bbbbbbb${'2'.repeat(33)}`;

const tabs = (content = <EntityGitOpsContent />) =>
  shopApiTab('gitops', content);
const options = (
  api: FakeTektonDagApi,
  extra: { entity?: Entity; deny?: string[]; signals?: null } = {},
) => onShopApiPage('/gitops', { api, entity: shopApiWithArgoCd, ...extra });

const resource = (
  kind: string,
  name: string,
  syncWave: number,
  extra: Partial<GitOpsResource> = {},
): GitOpsResource => ({
  kind,
  name,
  syncWave,
  status: 'Synced',
  health: 'Healthy',
  ...extra,
});

/** shop-api deployed twice, each revision built by a run with 120 passing tests. */
function apiWithShop() {
  const api = new FakeTektonDagApi();
  const passing = totalsOf(
    Array.from({ length: 120 }, (_, i) => makeTestCase({ name: `t${i}` })),
  );
  const older = api.addRun({ revision: SHA1 });
  const newer = api.addRun({ revision: SHA2 });
  const app = api.addApplication(ref, {
    sync: { status: 'Synced', revision: SHA2 },
    builtBy: builtByOf(newer, passing),
    operation: {
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      startedAt: '2026-11-24T09:00:00Z',
      finishedAt: '2026-11-24T09:01:00Z',
      initiatedBy: 'automated',
      revision: SHA2,
    },
    // Newest first, as the backend sends it.
    history: [
      {
        id: 3,
        revision: SHA2,
        deployedAt: '2026-11-24T09:01:00Z',
        initiatedBy: 'automated',
        builtBy: builtByOf(newer, passing),
      },
      {
        id: 2,
        revision: SHA1,
        deployedAt: '2026-11-24T08:10:00Z',
        initiatedBy: 'user:default/ada',
        builtBy: builtByOf(older, passing),
      },
      { id: 1, revision: 'v0.9.0', deployedAt: '2026-11-24T07:00:00Z' },
    ],
  });
  return { api, app, older, newer };
}

/** The platform's Application: waves -1 (CRDs) to 4 (the portal), one Pipeline drifted. */
function apiWithPlatform() {
  const api = new FakeTektonDagApi();
  api.addApplication(ref, {
    name: 'tekton-dag-platform',
    sync: { status: 'OutOfSync', revision: SHA2 },
    health: { status: 'Progressing', message: 'Waiting for rollout' },
    resources: [
      resource('Deployment', 'tekton-dag-portal', 4, { namespace: 'portal' }),
      resource('CustomResourceDefinition', 'pipelines.tekton.dev', -1),
      resource('ClusterRole', 'tekton-dag', 0),
      resource('Task', 'git-clone', 1, { namespace: 'shop' }),
      resource('Pipeline', 'pr-pipeline', 2, {
        namespace: 'shop',
        status: 'OutOfSync',
      }),
      resource('EventListener', 'github', 3, {
        namespace: 'shop',
        status: 'OutOfSync',
        health: 'Degraded',
        healthMessage: 'no pods ready',
      }),
      resource('CustomResourceDefinition', 'tasks.tekton.dev', -1),
    ],
  });
  return api;
}

/**
 * The platform as installed: the app of apps and two of the Applications it installs, in sync
 * waves -1 (the CRDs) and 4 (the portal).
 */
function apiWithPlatformInstall() {
  const api = new FakeTektonDagApi();
  const child = (name: string, syncWave: number) =>
    resource('Application', name, syncWave, {
      group: 'argoproj.io',
      namespace: 'argocd',
    });
  api.addApplication(ref, {
    name: 'tekton-dag',
    sync: { status: 'Synced', revision: 'v1.2.0' },
    resources: [resource('Deployment', 'tekton-dag-portal', 0)],
  });
  api.addApplication(ref, {
    name: 'tekton-crds',
    sync: { status: 'OutOfSync', revision: SHA1 },
    health: { status: 'Progressing', message: 'Waiting for CRDs' },
    resources: [
      resource('CustomResourceDefinition', 'pipelines.tekton.dev', 0, {
        status: 'OutOfSync',
      }),
    ],
  });
  api.addApplication(ref, {
    name: 'tekton-dag-platform',
    sync: { status: 'Synced', revision: SHA2 },
    resources: [child('tekton-dag', 4), child('tekton-crds', -1)],
  });
  return api;
}

/** A promise settled from outside, to hold a request on its way. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** cart-api, another entity with an Argo CD Application of its own name. */
const cartApi: Entity = {
  ...shopApiWithArgoCd,
  metadata: {
    ...shopApiWithArgoCd.metadata,
    name: 'cart-api',
    annotations: {
      ...shopApiWithArgoCd.metadata.annotations,
      'argocd/app-name': 'cart-api',
    },
  },
};

/** The GitOps tab on shop-api's page, with a button that moves it to cart-api. */
function SwitchingEntity() {
  const [entity, setEntity] = useState<Entity>(shopApiWithArgoCd);
  return (
    <EntityProvider entity={entity}>
      <button type="button" onClick={() => setEntity(cartApi)}>
        Open cart-api
      </button>
      <EntityGitOpsContent />
    </EntityProvider>
  );
}

/** Whether the element's styles keep its text on one line. */
const isNowrap = (element: Element) =>
  getComputedStyle(element).whiteSpace === 'nowrap';

const region = (name: string) =>
  screen.findByRole('region', { name: `Application ${name}` });

/** Expands an Application's row in the summary of several, and returns its panel. */
async function showDetails(name: string) {
  await userEvent.click(
    await screen.findByRole('button', { name: `Show details of ${name}` }),
  );
  return region(name);
}

describe('EntityGitOpsContent', () => {
  it('shows each Application with badges, source, destination and the run that built its revision', async () => {
    const { api, newer } = apiWithShop();
    await renderWithApis(tabs(), options(api));

    const app = within(await region('shop-api'));
    expect(
      app.getByRole('heading', { name: 'shop-api', level: 2 }),
    ).toBeInTheDocument();
    expect(
      app.getByRole('img', { name: 'Sync status: Synced' }),
    ).toBeInTheDocument();
    expect(app.getByRole('img', { name: 'Health: Healthy' })).toBeVisible();
    expect(
      app.getByText('https://github.com/tekton-dag/tekton-dag.git'),
    ).toBeInTheDocument();
    expect(app.getByText('examples/shop/shop-api/deploy')).toBeInTheDocument();
    expect(
      app.getByText('https://kubernetes.default.svc, namespace shop'),
    ).toBeInTheDocument();
    expect(
      app.getByText('Automated (prune on, self-heal on)'),
    ).toBeInTheDocument();

    const current = app.getByText('Current revision').nextElementSibling!;
    expect(current).toHaveTextContent(
      `bbbbbbb · built by run ${newer.name} (Succeeded), 120/120 tests passed`,
    );
    expect(
      within(current as HTMLElement).getByRole('link', { name: newer.name }),
    ).toHaveAttribute('href', `${shopApiPage}/pipelines/runs/${newer.id}`);

    const operation = app.getByLabelText('Last operation of shop-api');
    expect(operation).toHaveTextContent('Succeeded');
    expect(operation).toHaveTextContent('successfully synced (all tasks run)');
    expect(operation).toHaveTextContent('Initiated byautomated sync');

    await userEvent.click(
      within(current as HTMLElement).getByRole('link', { name: newer.name }),
    );
    expect(
      await screen.findByRole('heading', {
        name: `Run page of ${newer.id}`,
      }),
    ).toBeInTheDocument();
  });

  it('lists the deployments newest first, each with who deployed it and the run that built it', async () => {
    const { api, older, newer } = apiWithShop();
    await renderWithApis(tabs(), options(api));

    const history = within(
      await screen.findByRole('list', {
        name: 'Deployment history of shop-api',
      }),
    ).getAllByRole('listitem');
    expect(history).toHaveLength(3);
    expect(history[0]).toHaveTextContent(
      `bbbbbbb by automated sync built by run ${newer.name} (Succeeded), 120/120 tests passed`,
    );
    expect(history[1]).toHaveTextContent(
      `aaaaaaa by user:default/ada built by run ${older.name} (Succeeded), 120/120 tests passed`,
    );
    expect(
      within(history[1]).getByRole('link', { name: older.name }),
    ).toHaveAttribute('href', `${shopApiPage}/pipelines/runs/${older.id}`);
    // A tag no tekton-dag run built.
    expect(history[2]).toHaveTextContent(
      'v0.9.0no run built this revision before it was deployed',
    );
  });

  it('says when no run built the revision in sync, and counts failed tests', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun({ status: 'Failed' });
    api.addApplication(ref, { name: 'shop-api' });
    api.addApplication(ref, {
      name: 'shop-api-canary',
      builtBy: builtByOf(
        run,
        totalsOf([
          makeTestCase(),
          makeTestCase({ status: 'failed' }),
          makeTestCase({ status: 'skipped' }),
        ]),
      ),
    });
    await renderWithApis(tabs(), options(api));
    expect(await showDetails('shop-api')).toHaveTextContent(
      '0123456 · no run built this revision before it was deployed',
    );
    expect(await showDetails('shop-api-canary')).toHaveTextContent(
      `built by run ${run.name} (Failed), 1/3 tests passed, 1 failed`,
    );
  });

  it('groups resources by sync wave, lowest first, and highlights the out-of-sync ones', async () => {
    await renderWithApis(tabs(), options(apiWithPlatform()));

    const app = within(await region('tekton-dag-platform'));
    expect(
      app.getByRole('img', { name: 'Sync status: OutOfSync' }),
    ).toBeInTheDocument();
    expect(
      app.getByRole('img', { name: 'Health: Progressing' }),
    ).toHaveAttribute('title', 'Waiting for rollout');
    expect(app.getByLabelText('2 resources out of sync')).toBeInTheDocument();
    expect(
      screen.getByText('1 Application · 2 resources out of sync'),
    ).toBeInTheDocument();

    const waves = app.getAllByRole('group', { name: /^Sync wave / });
    expect(waves.map(w => w.getAttribute('aria-label'))).toEqual([
      'Sync wave -1',
      'Sync wave 0',
      'Sync wave 1',
      'Sync wave 2',
      'Sync wave 3',
      'Sync wave 4',
    ]);
    const rows = (wave: string) =>
      within(app.getByRole('group', { name: wave }))
        .getAllByRole('row')
        .slice(1);
    expect(rows('Sync wave -1').map(r => r.textContent)).toEqual([
      'CustomResourceDefinitionpipelines.tekton.devSyncedHealthy',
      'CustomResourceDefinitiontasks.tekton.devSyncedHealthy',
    ]);
    expect(rows('Sync wave 4').map(r => r.textContent)).toEqual([
      'Deploymentportal/tekton-dag-portalSyncedHealthy',
    ]);

    const drifted = app
      .getAllByRole('row')
      .filter(r => r.hasAttribute('data-out-of-sync'));
    expect(drifted.map(r => r.textContent)).toEqual([
      'Pipelineshop/pr-pipelineOutOfSyncHealthy',
      'EventListenershop/githubOutOfSyncDegradedno pods ready',
    ]);
    expect(rows('Sync wave 0')[0]).not.toHaveAttribute('data-out-of-sync');
  });

  it('summarises several Applications in a table, one row each, in the order of their sync waves', async () => {
    await renderWithApis(tabs(), options(apiWithPlatformInstall()));

    const summary = await screen.findByRole('table', { name: 'Applications' });
    const [header, ...rows] = within(summary).getAllByRole('row');
    expect(
      within(header)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Application', 'Sync', 'Health', 'Revision', 'Sync wave']);
    // The app of apps (no wave of its own) first, then the waves it installs in order.
    expect(rows.map(r => r.textContent)).toEqual([
      'tekton-dag-platformSyncedHealthybbbbbbb—',
      'tekton-crdsOutOfSync1 resource out of syncProgressingaaaaaaa-1',
      'tekton-dagSyncedHealthyv1.2.04',
    ]);
    const crds = within(rows[1]);
    expect(
      crds.getByRole('img', { name: 'Sync status: OutOfSync' }),
    ).toBeInTheDocument();
    expect(
      crds.getByRole('img', { name: 'Health: Progressing' }),
    ).toHaveAttribute('title', 'Waiting for CRDs');
    expect(crds.getByText('aaaaaaa')).toHaveAttribute('title', SHA1);
    // Narrow columns never break a status ("Sync ed") or a revision.
    expect([...rows[1].querySelectorAll('td')].map(isNowrap)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(labelNotInName()).toEqual([]);
  });

  it("shows an Application's details only when its row is expanded", async () => {
    await renderWithApis(tabs(), options(apiWithPlatformInstall()));

    const toggle = await screen.findByRole('button', {
      name: 'Show details of tekton-crds',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    // Collapsed: none of the panels, their resources or their Sync buttons.
    expect(screen.queryAllByRole('region', { name: /^Application / })).toEqual(
      [],
    );
    expect(screen.queryByRole('group', { name: /^Sync wave / })).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Sync tekton-crds' }),
    ).toBeNull();

    await userEvent.click(toggle);
    const app = within(await region('tekton-crds'));
    expect(
      app.getByRole('table', { name: 'Resources of sync wave 0' }),
    ).toHaveTextContent('CustomResourceDefinitionpipelines.tekton.dev');
    expect(app.getByRole('button', { name: 'Sync tekton-crds' })).toBeVisible();
    expect(
      screen.getByRole('button', { name: 'Hide details of tekton-crds' }),
    ).toHaveAttribute('aria-expanded', 'true');
    // The others stay collapsed.
    expect(
      screen.queryByRole('region', { name: 'Application tekton-dag' }),
    ).toBeNull();
    expect(labelNotInName()).toEqual([]);

    await userEvent.click(
      screen.getByRole('button', { name: 'Hide details of tekton-crds' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: 'Application tekton-crds' }),
      ).toBeNull(),
    );
  });

  it('keeps the kinds and statuses of resources on one line, and breaks long names only between words', async () => {
    await renderWithApis(tabs(), options(apiWithPlatform()));

    const app = within(await region('tekton-dag-platform'));
    const [, resourceRow] = within(
      app.getByRole('table', { name: 'Resources of sync wave -1' }),
    ).getAllByRole('row');
    const [kind, nameCell, sync, health] =
      within(resourceRow).getAllByRole('cell');
    expect(kind).toHaveTextContent('CustomResourceDefinition');
    expect([kind, sync, health].map(isNowrap)).toEqual([true, true, true]);
    // The theme lets table cells break anywhere ("Healt hy"): a name breaks at its dots.
    expect(isNowrap(nameCell)).toBe(false);
    const name = within(nameCell).getByText('pipelines.tekton.dev');
    expect(getComputedStyle(name).wordBreak).toBe('normal');
    expect(name.querySelectorAll('wbr')).toHaveLength(2);
  });

  it('warns about each source that could not be read', async () => {
    const { api } = apiWithShop();
    api.addGitOpsError(ref, {
      source: { kind: 'argocd', instance: 'main' },
      message: 'Argo CD answered 401 Unauthorized',
    });
    api.addGitOpsError(ref, {
      source: { kind: 'kubernetes', cluster: 'prod-eu' },
      application: 'shop-api-eu',
      message: 'cluster unreachable',
    });
    await renderWithApis(tabs(), options(api));

    expect(
      await screen.findByRole('alert', {
        name: 'Warnings from Argo CD instance main',
      }),
    ).toHaveTextContent(
      'Could not read from Argo CD instance mainArgo CD answered 401 Unauthorized',
    );
    expect(
      screen.getByRole('alert', { name: 'Warnings from cluster prod-eu' }),
    ).toHaveTextContent('shop-api-eu: cluster unreachable');
    // The Applications that were read still show.
    expect(await region('shop-api')).toBeInTheDocument();
  });

  it('syncs an Application after confirmation and shows the operation it started', async () => {
    const { api } = apiWithShop();
    await renderWithApis(tabs(), options(api));
    const app = within(await region('shop-api'));
    const sync = app.getByRole('button', { name: 'Sync shop-api' });
    await waitFor(() => expect(sync).toBeEnabled());

    // Cancelled: nothing happens.
    await userEvent.click(sync);
    let dialog = await screen.findByRole('dialog', { name: 'Sync shop-api?' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.calls.some(c => c.method === 'syncApplication')).toBe(false);

    await userEvent.click(sync);
    dialog = await screen.findByRole('dialog', { name: 'Sync shop-api?' });
    expect(dialog).toHaveTextContent(
      'Argo CD applies main of examples/shop/shop-api/deploy to namespace shop now',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sync' }));

    expect(
      await screen.findByText(/Sync of shop-api requested/),
    ).toBeInTheDocument();
    expect(api.calls.find(c => c.method === 'syncApplication')!.args).toEqual([
      { kind: 'Component', namespace: 'default', name: 'shop-api' },
      'shop-api',
    ]);
    // The page reloads: the operation Argo CD started is there.
    await waitFor(() =>
      expect(
        app.getByLabelText('Last operation of shop-api'),
      ).toHaveTextContent('Running'),
    );
    expect(app.getByLabelText('Last operation of shop-api')).toHaveTextContent(
      'user:default/ada',
    );
  });

  it('names Sync as busy while the sync request is on its way', async () => {
    const { api } = apiWithShop();
    const pending = deferred<GitOpsActionResult>();
    const sync = api.syncApplication.bind(api);
    api.syncApplication = async (...args) => {
      await pending.promise;
      return sync(...args);
    };
    await renderWithApis(tabs(), options(api));
    const app = within(await region('shop-api'));
    const button = app.getByRole('button', { name: 'Sync shop-api' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Sync',
      }),
    );

    // Screen readers hear the busy state, not the idle name over the "Syncing…" text.
    const busy = await app.findByRole('button', { name: 'Syncing shop-api…' });
    expect(busy).toBeDisabled();
    expect(busy).toHaveTextContent('Syncing…');
    expect(app.queryByRole('button', { name: 'Sync shop-api' })).toBeNull();
    expect(
      app.getByRole('button', { name: 'Refresh shop-api' }),
    ).toBeDisabled();

    await act(async () => pending.resolve({} as GitOpsActionResult));
    expect(
      await app.findByRole('button', { name: 'Sync shop-api' }),
    ).toBeEnabled();
  });

  it("never shows one entity's Applications on another's page, neither while loading nor after an error", async () => {
    const { api } = apiWithShop();
    const cart = deferred<EntityGitOps>();
    const load = api.getEntityGitOps.bind(api);
    api.getEntityGitOps = entity =>
      entity.name === 'cart-api' ? cart.promise : load(entity);
    await renderWithApis(
      tabs(<SwitchingEntity />),
      onShopApiPage('/gitops', { api }),
    );
    expect(await region('shop-api')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Open cart-api' }),
    );
    // cart-api loading: shop-api's Applications and their Sync buttons are gone.
    expect(
      screen.queryByRole('region', { name: 'Application shop-api' }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sync shop-api' })).toBeNull();

    await act(async () => cart.reject(new Error('cart-api is unreachable')));
    expect(
      await screen.findByText('Error: cart-api is unreachable'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Application shop-api' }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sync shop-api' })).toBeNull();
  });

  it('refreshes an Application without asking', async () => {
    const { api } = apiWithShop();
    await renderWithApis(tabs(), options(api));
    const refresh = within(await region('shop-api')).getByRole('button', {
      name: 'Refresh shop-api',
    });
    await waitFor(() => expect(refresh).toBeEnabled());
    await userEvent.click(refresh);
    expect(
      await screen.findByText(/Refresh of shop-api requested/),
    ).toBeInTheDocument();
    expect(
      api.calls.filter(c => c.method === 'refreshApplication'),
    ).toHaveLength(1);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('disables Sync and Refresh, saying why, when the policy denies tekton-dag.gitops.sync', async () => {
    const { api } = apiWithShop();
    await renderWithApis(
      tabs(),
      options(api, { deny: ['tekton-dag.gitops.sync'] }),
    );
    const app = within(await region('shop-api'));
    const sync = app.getByRole('button', { name: 'Sync shop-api' });
    await waitFor(() => expect(sync).toBeDisabled());
    expect(
      app.getByRole('button', { name: 'Refresh shop-api' }),
    ).toBeDisabled();
    await userEvent.hover(sync.parentElement!);
    expect(
      await screen.findByText(
        "You may not sync or refresh this entity's Applications (tekton-dag.gitops.sync)",
      ),
    ).toBeInTheDocument();
  });

  it('says so when the backend refuses the sync', async () => {
    const { api } = apiWithShop();
    api.denyGitOpsSync = true;
    await renderWithApis(tabs(), options(api));
    const sync = within(await region('shop-api')).getByRole('button', {
      name: 'Sync shop-api',
    });
    await waitFor(() => expect(sync).toBeEnabled());
    await userEvent.click(sync);
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Sync',
      }),
    );
    expect(
      await screen.findByText(
        'You may not sync shop-api: the permission policy denies tekton-dag.gitops.sync.',
      ),
    ).toBeInTheDocument();
  });

  it('follows the Applications live: a drift shows without a reload', async () => {
    const { api, app } = apiWithShop();
    const { signals } = await renderWithApis(tabs(), options(api));
    const panel = within(await region('shop-api'));
    expect(
      panel.getByRole('img', { name: 'Sync status: Synced' }),
    ).toBeVisible();
    expect(screen.getByLabelText('Live updates on')).toBeInTheDocument();
    expect(signals!.channels()).toContain(`tekton-dag:gitops:${ref}`);

    app.sync.status = 'OutOfSync';
    app.resources[0].status = 'OutOfSync';
    const loads = api.calls.filter(c => c.method === 'getEntityGitOps').length;
    act(() => {
      // A burst of signals becomes one reload.
      for (let i = 0; i < 3; i++)
        signals!.publish(`tekton-dag:gitops:${ref}`, {
          type: 'gitops',
          application: 'shop-api',
          syncStatus: 'OutOfSync',
        });
    });
    expect(
      await panel.findByRole('img', { name: 'Sync status: OutOfSync' }),
    ).toBeInTheDocument();
    expect(panel.getByLabelText('1 resource out of sync')).toBeInTheDocument();
    expect(api.calls.filter(c => c.method === 'getEntityGitOps').length).toBe(
      loads + 1,
    );
  });

  it('offers a manual refresh when live updates are unavailable', async () => {
    const { api, app } = apiWithShop();
    await renderWithApis(tabs(), options(api, { signals: null }));
    await region('shop-api');
    expect(
      screen.getByText(/Live updates are unavailable/),
    ).toBeInTheDocument();
    app.health = { status: 'Degraded', message: 'CrashLoopBackOff' };
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByRole('img', { name: 'Health: Degraded' }),
    ).toBeInTheDocument();
  });

  it('links runs to the Pipelines tab where the app mounted it', async () => {
    const { api, newer } = apiWithShop();
    await renderWithApis(
      tabs(<EntityGitOpsContent pipelinesPath="/ci/" />),
      options(api),
    );
    const links = within(await region('shop-api')).getAllByRole('link', {
      name: newer.name,
    });
    expect(links[0]).toHaveAttribute(
      'href',
      `${shopApiPage}/ci/runs/${newer.id}`,
    );
  });

  it('says when no Application matches the annotation', async () => {
    await renderWithApis(tabs(), options(new FakeTektonDagApi()));
    expect(
      await screen.findByText('No Argo CD Applications found'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No Application matches argocd\/app-name: shop-api/),
    ).toBeInTheDocument();
  });

  it('tells how to name Applications on an entity without the annotations', async () => {
    const api = new FakeTektonDagApi();
    await renderWithApis(tabs(), options(api, { entity: shopApi }));
    expect(
      await screen.findByText(/Add the argocd\/app-name annotation/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.calls.some(c => c.method === 'getEntityGitOps')).toBe(false),
    );
  });
});
