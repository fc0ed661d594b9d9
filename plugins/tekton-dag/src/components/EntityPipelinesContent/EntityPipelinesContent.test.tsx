import { Route, Routes } from 'react-router-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Entity } from '@backstage/catalog-model';
import {
  FakeTektonDagApi,
  pullRequestRunFields,
} from '../../__testUtils__/FakeTektonDagApi';
import { labelNotInName } from '../../__testUtils__/labelInName';
import { renderWithApis, shopApi } from '../../__testUtils__/renderWithApis';
import { EntityPipelinesContent } from './EntityPipelinesContent';

// The tab as the catalog mounts it: under the entity page, with run pages below it.
const tab = (
  <Routes>
    <Route
      path="/catalog/default/component/shop-api/pipelines/*"
      element={<EntityPipelinesContent />}
    />
  </Routes>
);
const at = ['/catalog/default/component/shop-api/pipelines'];

describe('EntityPipelinesContent', () => {
  it('shows each pipeline with its latest run, and the runs', async () => {
    const api = new FakeTektonDagApi();
    api.addRun({ status: 'Failed' });
    await renderWithApis(tab, { api, entity: shopApi, routeEntries: at });
    expect(
      await screen.findByRole('heading', { name: 'pr-pipeline' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Builds and tests the component/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Latest:/)).toHaveTextContent('Failed');
    expect(
      await screen.findAllByRole('link', { name: 'pr-pipeline-00001' }),
    ).toHaveLength(2); // the card and the table
  });

  it('lists only the runs of the picked trigger kinds, filtered on the server', async () => {
    const api = new FakeTektonDagApi();
    api.addRun();
    api.addRun(pullRequestRunFields());
    await renderWithApis(tab, { api, entity: shopApi, routeEntries: at });
    // The pipeline card links its latest run too: look in the table.
    const runs = () => within(screen.getByRole('table', { name: 'Runs' }));
    await waitFor(() =>
      expect(
        runs().getByRole('link', { name: 'pr-pipeline-00001' }),
      ).toBeInTheDocument(),
    );

    await userEvent.click(screen.getByRole('button', { name: /Trigger/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Pull request' }),
    );
    // A multiple select stays open (and hides the page) until dismissed.
    await userEvent.keyboard('{Escape}');
    await waitFor(() =>
      expect(
        runs().queryByRole('link', { name: 'pr-pipeline-00001' }),
      ).toBeNull(),
    );
    expect(
      runs().getByRole('link', { name: 'pr-pipeline-00002' }),
    ).toBeInTheDocument();
    expect(
      api.calls.filter(c => c.method === 'listRuns').at(-1)!.args[0],
    ).toEqual({
      entityRef: 'component:default/shop-api',
      trigger: ['pull_request'],
    });
  });

  it('runs a pipeline from the dialog and opens the new run', async () => {
    const api = new FakeTektonDagApi();
    await renderWithApis(tab, { api, entity: shopApi, routeEntries: at });
    const runButton = await screen.findByRole('button', {
      name: 'Run pipeline pr-pipeline',
    });
    // Every button and link is named by what it shows (label in name).
    expect(labelNotInName()).toEqual([]);
    await userEvent.click(runButton);
    await userEvent.type(
      screen.getByRole('textbox', { name: /image/ }),
      'shop-api:1',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    // The run page of the new run, deep-linked under the tab.
    expect(
      await screen.findByRole('heading', { name: 'pr-pipeline-00001' }),
    ).toBeInTheDocument();
    expect(api.calls.find(c => c.method === 'createRun')!.args).toEqual([
      { kind: 'Component', namespace: 'default', name: 'shop-api' },
      { pipeline: 'pr-pipeline', params: { image: 'shop-api:1' } },
    ]);
  });

  it('disables Run, saying why, when the policy denies tekton-dag.run.create', async () => {
    const api = new FakeTektonDagApi();
    await renderWithApis(tab, {
      api,
      entity: shopApi,
      routeEntries: at,
      deny: ['tekton-dag.run.create'],
    });
    const run = await screen.findByRole('button', {
      name: 'Run pipeline pr-pipeline',
    });
    await waitFor(() => expect(run).toBeDisabled());
    await userEvent.hover(run.parentElement!);
    expect(
      await screen.findByText(/You may not start runs of this entity/),
    ).toBeInTheDocument();
  });

  it('warns when the entity names a cluster the portal does not know', async () => {
    const entity: Entity = {
      ...shopApi,
      metadata: {
        ...shopApi.metadata,
        annotations: {
          ...shopApi.metadata.annotations,
          'tekton-dag/cluster': 'prod-eu',
        },
      },
    };
    await renderWithApis(tab, { entity, routeEntries: at });
    expect(
      await screen.findByText(/Cluster "prod-eu" is not configured/),
    ).toBeInTheDocument();
  });

  it('tells how to add pipelines to an entity without the annotation', async () => {
    const entity: Entity = {
      ...shopApi,
      metadata: { name: 'shop-db', annotations: {} },
    };
    await renderWithApis(tab, { entity, routeEntries: at });
    expect(
      await screen.findByText(/Add the tekton-dag\/pipelines annotation/),
    ).toBeInTheDocument();
  });
});
