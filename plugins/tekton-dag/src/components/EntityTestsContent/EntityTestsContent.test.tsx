import { useState } from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  FakeTektonDagApi,
  makeTestCase,
} from '../../__testUtils__/FakeTektonDagApi';
import { renderWithApis, shopApi } from '../../__testUtils__/renderWithApis';
import {
  onShopApiPage,
  shopApiPage,
  shopApiTab,
} from '../../__testUtils__/shopApiPage';
import { labelNotInName } from '../../__testUtils__/labelInName';
import { EntityTestsContent } from './EntityTestsContent';

const tabs = (content = <EntityTestsContent />) => shopApiTab('tests', content);
const options = (api: FakeTektonDagApi, entity: Entity = shopApi) =>
  onShopApiPage('/tests', { api, entity });

const discount = (status: 'passed' | 'failed') =>
  makeTestCase({ name: 'applies the discount', status, durationMs: 40 });
const checkout = (durationMs: number) =>
  makeTestCase({
    suite: 'checkout',
    className: 'CheckoutTest',
    name: 'pays by card',
    durationMs,
  });

/** Three runs of shop-api: the discount test fails, passes on the same commit, fails again. */
function apiWithHistory() {
  const api = new FakeTektonDagApi();
  const runs = [
    [discount('failed'), checkout(2_000)],
    [discount('passed'), checkout(3_000)],
    [
      discount('failed'),
      checkout(4_000),
      makeTestCase({ name: 'ships', status: 'skipped', durationMs: 0 }),
    ],
  ].map((cases, i) => {
    const run = api.addRun({
      status: cases.some(c => c.status === 'failed') ? 'Failed' : 'Succeeded',
      revision: i < 2 ? 'aaaaaaa1' : 'bbbbbbb2',
    });
    api.addReport(run.id, 'test', cases);
    return run;
  });
  return { api, runs };
}

/** shop-api with a second Pipeline, nightly, in its annotation (the picker's choices). */
const shopApiWithNightly: Entity = {
  ...shopApi,
  metadata: {
    ...shopApi.metadata,
    annotations: {
      ...shopApi.metadata.annotations,
      'tekton-dag/pipelines': 'pr-pipeline, nightly',
    },
  },
};

/** cart-api, another entity with pipelines. */
const cartApi: Entity = {
  ...shopApi,
  metadata: { ...shopApi.metadata, name: 'cart-api' },
};

/** The Tests tab on shop-api's page, with a button that moves it to cart-api. */
function SwitchingEntity() {
  const [entity, setEntity] = useState<Entity>(shopApiWithNightly);
  return (
    <EntityProvider entity={entity}>
      <button type="button" onClick={() => setEntity(cartApi)}>
        Open cart-api
      </button>
      <EntityTestsContent />
    </EntityProvider>
  );
}

const bars = () =>
  within(
    screen.getByRole('group', { name: /^Tests per run, oldest to newest/ }),
  ).getAllByRole('link');

describe('EntityTestsContent', () => {
  it('draws passed, failed and skipped per run, oldest first, each bar a titled link to its run', async () => {
    const { api, runs } = apiWithHistory();
    await renderWithApis(tabs(), options(api));

    await screen.findByRole('group', { name: /over the last 3 runs/ });
    const links = bars();
    expect(links.map(a => a.getAttribute('href'))).toEqual(
      runs.map(r => `${shopApiPage}/pipelines/runs/${r.id}`),
    );
    // Each bar's <title> is its tooltip and names the link.
    expect(links.map(a => a.querySelector('title')?.textContent)).toEqual(
      links.map(a => a.getAttribute('aria-label')),
    );
    expect(links[0]).toHaveAccessibleName(
      expect.stringMatching(
        /^pr-pipeline-00001 \(.*aaaaaaa\): 1 passed, 1 failed, 0 skipped$/,
      ),
    );
    expect(links[2]).toHaveAccessibleName(
      expect.stringMatching(
        /^pr-pipeline-00003 .*: 1 passed, 1 failed, 1 skipped$/,
      ),
    );
    // Stacked in proportion to the largest run (3 tests): each test is a third of the plot.
    const heights = (a: Element) =>
      Object.fromEntries(
        Array.from(a.querySelectorAll('rect[data-status]'), r => [
          r.getAttribute('data-status'),
          Number(r.getAttribute('height')),
        ]),
      );
    const unit = heights(links[2]).skipped;
    expect(unit).toBeGreaterThan(0);
    expect(heights(links[0])).toEqual({ passed: unit, failed: unit });
    expect(heights(links[1])).toEqual({ passed: 2 * unit });
    expect(heights(links[2])).toEqual({
      passed: unit,
      failed: unit,
      skipped: unit,
    });
    // Every bar and button is named by what it shows (label in name).
    expect(labelNotInName()).toEqual([]);

    await userEvent.click(links[1]);
    expect(
      await screen.findByRole('heading', { name: `Run page of ${runs[1].id}` }),
    ).toBeInTheDocument();
  });

  it('says "the last run", not "the last 1 runs"', async () => {
    const api = new FakeTektonDagApi();
    const run = api.addRun({ status: 'Succeeded' });
    api.addReport(run.id, 'test', [discount('passed')]);
    await renderWithApis(tabs(), options(api));
    expect(
      await screen.findByRole('group', {
        name: 'Tests per run, oldest to newest, over the last run',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^The last run with reports, oldest left\./),
    ).toBeInTheDocument();
    expect(screen.queryByText(/1 runs/)).not.toBeInTheDocument();
  });

  it('lists flaky tests and the slowest tests', async () => {
    const { api } = apiWithHistory();
    await renderWithApis(tabs(), options(api));

    const flaky = await screen.findByRole('table', { name: 'Flaky tests' });
    expect(
      within(flaky)
        .getAllByRole('row')
        .map(row =>
          Array.from(row.querySelectorAll('th, td'), c => c.textContent),
        ),
    ).toEqual([
      ['Test', 'Suite / class', 'Flips', 'Failed runs', 'Passed runs'],
      ['applies the discount', 'cart › CartTest', '2', '2', '1'],
    ]);

    const slowest = screen.getByRole('table', { name: 'Slowest tests' });
    expect(
      within(slowest)
        .getAllByRole('row')
        .map(row =>
          Array.from(row.querySelectorAll('th, td'), c => c.textContent),
        ),
    ).toEqual([
      ['Test', 'Suite / class', 'Average duration', 'Runs'],
      ['pays by card', 'checkout › CheckoutTest', '3.0 s', '3'],
      ['applies the discount', 'cart › CartTest', '40 ms', '3'],
      ['ships', 'cart › CartTest', '0 ms', '1'],
    ]);
  });

  it("narrows the history to the picked pipeline's runs", async () => {
    const { api } = apiWithHistory();
    const nightly = api.addRun({ pipeline: 'nightly' });
    api.addReport(nightly.id, 'e2e', [makeTestCase({ name: 'buys a hat' })]);
    await renderWithApis(tabs(), options(api, shopApiWithNightly));
    await screen.findByRole('group', { name: /over the last 4 runs/ });

    await userEvent.click(screen.getByRole('button', { name: /Pipeline/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'nightly' }),
    );
    await screen.findByRole('group', { name: /over the last run$/ });
    expect(bars().map(a => a.getAttribute('href'))).toEqual([
      `${shopApiPage}/pipelines/runs/${nightly.id}`,
    ]);
    expect(
      api.calls.filter(c => c.method === 'getEntityTests').at(-1)!.args,
    ).toEqual([
      { kind: 'Component', namespace: 'default', name: 'shop-api' },
      { pipeline: 'nightly', limit: 20 },
    ]);
    expect(screen.getByText(/No flaky tests/)).toBeInTheDocument();
  });

  it('covers as many of the latest runs as picked', async () => {
    const { api } = apiWithHistory();
    for (let i = 0; i < 22; i++) {
      const run = api.addRun();
      api.addReport(run.id, 'test', [discount('passed')]);
    }
    await renderWithApis(tabs(), options(api));
    // 25 runs with reports; the default covers the latest 20.
    await screen.findByRole('group', { name: /over the last 20 runs/ });

    await userEvent.click(screen.getByRole('button', { name: /Runs/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 50' }),
    );
    await screen.findByRole('group', { name: /over the last 25 runs/ });
    expect(
      api.calls.filter(c => c.method === 'getEntityTests').at(-1)!.args[1],
    ).toEqual({ pipeline: undefined, limit: 50 });
  });

  it("starts another entity's history from all pipelines and the default runs", async () => {
    const { api } = apiWithHistory();
    await renderWithApis(
      tabs(<SwitchingEntity />),
      onShopApiPage('/tests', { api }),
    );
    await screen.findByRole('group', { name: /over the last 3 runs/ });
    await userEvent.click(screen.getByRole('button', { name: /Pipeline/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'nightly' }),
    );
    await userEvent.click(screen.getByRole('button', { name: /Runs/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 50' }),
    );
    await waitFor(() =>
      expect(
        api.calls.filter(c => c.method === 'getEntityTests').at(-1)!.args[1],
      ).toEqual({ pipeline: 'nightly', limit: 50 }),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Open cart-api' }),
    );
    await waitFor(() =>
      expect(
        api.calls.filter(c => c.method === 'getEntityTests').at(-1)!.args,
      ).toEqual([
        { kind: 'Component', namespace: 'default', name: 'cart-api' },
        { pipeline: undefined, limit: 20 },
      ]),
    );
    // cart-api was never asked about shop-api's picks.
    expect(
      api.calls.filter(
        c =>
          c.method === 'getEntityTests' &&
          (c.args[0] as { name: string }).name === 'cart-api',
      ),
    ).toHaveLength(1);
    expect(screen.getByRole('button', { name: /Pipeline/ })).toHaveTextContent(
      'All pipelines',
    );
    expect(screen.getByRole('button', { name: /Runs/ })).toHaveTextContent(
      'Last 20',
    );
  });

  it('keeps each test in its own row when the order changes', async () => {
    const { api } = apiWithHistory();
    const { signals } = await renderWithApis(tabs(), options(api));
    const slowest = await screen.findByRole('table', { name: 'Slowest tests' });
    const rowOf = (name: string) =>
      within(slowest).getByText(name).closest('tr')!;
    const card = rowOf('pays by card');
    const discountRow = rowOf('applies the discount');

    // The discount test becomes the slowest.
    const run = api.addRun();
    api.addReport(run.id, 'test', [
      makeTestCase({ name: 'applies the discount', durationMs: 100_000 }),
    ]);
    act(() =>
      signals!.publish('tekton-dag:entity:component:default/shop-api', {
        type: 'run',
        runId: run.id,
        status: 'Succeeded',
      }),
    );
    await waitFor(() =>
      expect(
        within(slowest)
          .getAllByRole('row')
          .slice(1)
          .map(row => row.querySelector('td')!.textContent),
      ).toEqual(['applies the discount', 'pays by card', 'ships']),
    );
    // The rows moved with their tests rather than taking another test's content.
    expect(rowOf('pays by card')).toBe(card);
    expect(rowOf('applies the discount')).toBe(discountRow);
    expect(card).toHaveTextContent('pays by card');
  });

  it('adds new runs live when the entity signals', async () => {
    const { api } = apiWithHistory();
    const { signals } = await renderWithApis(tabs(), options(api));
    await screen.findByRole('group', { name: /over the last 3 runs/ });

    const run = api.addRun();
    api.addReport(run.id, 'test', [discount('passed'), checkout(1_000)]);
    act(() =>
      signals!.publish('tekton-dag:entity:component:default/shop-api', {
        type: 'run',
        runId: run.id,
        status: 'Succeeded',
      }),
    );
    await screen.findByRole('group', { name: /over the last 4 runs/ });
    expect(bars().at(-1)).toHaveAttribute(
      'href',
      `${shopApiPage}/pipelines/runs/${run.id}`,
    );
  });

  it('links to the Pipelines tab where the app mounted it', async () => {
    const { api, runs } = apiWithHistory();
    await renderWithApis(
      tabs(<EntityTestsContent pipelinesPath="/ci/" />),
      options(api),
    );
    await screen.findByRole('group', { name: /over the last 3 runs/ });
    expect(bars()[0]).toHaveAttribute(
      'href',
      `${shopApiPage}/ci/runs/${runs[0].id}`,
    );
  });

  it('explains how reports arrive when the runs have none', async () => {
    const api = new FakeTektonDagApi();
    api.addRun();
    await renderWithApis(tabs(), options(api));
    expect(await screen.findByText('No test reports yet')).toBeInTheDocument();
    expect(
      screen.getByText(/publish-results task uploads the JUnit XML/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('tells how to add pipelines to an entity without the annotation', async () => {
    const api = new FakeTektonDagApi();
    await renderWithApis(
      tabs(),
      options(api, {
        ...shopApi,
        metadata: { name: 'shop-api', annotations: {} },
      }),
    );
    expect(
      await screen.findByText(/Add the tekton-dag\/pipelines annotation/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.calls.some(c => c.method === 'getEntityTests')).toBe(false),
    );
  });
});
