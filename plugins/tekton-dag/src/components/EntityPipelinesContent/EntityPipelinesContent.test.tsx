import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import type { TektonDagApi } from '../../api';
import { tektonDagApiRef } from '../../api';
import { EntityPipelinesContent } from './EntityPipelinesContent';
import { FakeTektonDagApi } from '../../testUtils/FakeTektonDagApi';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop-api', annotations },
  spec: {},
});

function backend(clusters: TektonDagApi['getClusters']): TektonDagApi {
  const api = new FakeTektonDagApi();
  api.getClusters = clusters;
  return api;
}

async function render(e: Entity, api: TektonDagApi) {
  await renderInTestApp(
    <EntityProvider entity={e}>
      <EntityPipelinesContent />
    </EntityProvider>,
    { apis: [[tektonDagApiRef, api]] },
  );
}

describe('EntityPipelinesContent', () => {
  it("lists the entity's pipelines with their namespace and cluster, and says no runs exist", async () => {
    await render(
      entity({
        'tekton-dag/pipelines': 'pr-pipeline, nightly',
        'tekton-dag/namespace': 'shop',
        'tekton-dag/cluster': 'local',
      }),
      backend(async () => ({ items: [{ name: 'local', type: 'local' }] })),
    );
    expect(await screen.findByText('pr-pipeline')).toBeInTheDocument();
    expect(screen.getByText('nightly')).toBeInTheDocument();
    expect(screen.getAllByText('shop')).toHaveLength(2);
    expect(
      screen.getByText(/No runs exist yet for pr-pipeline, nightly/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/is not configured/)).not.toBeInTheDocument();
  });

  it('uses the first configured cluster when none is annotated', async () => {
    await render(
      entity({ 'tekton-dag/pipelines': 'pr-pipeline' }),
      backend(async () => ({ items: [{ name: 'prod', type: 'url' }] })),
    );
    expect(await screen.findByText('prod')).toBeInTheDocument();
    expect(screen.getByText('default')).toBeInTheDocument();
  });

  it('warns when the annotated cluster is not configured', async () => {
    await render(
      entity({
        'tekton-dag/pipelines': 'pr-pipeline',
        'tekton-dag/cluster': 'gone',
      }),
      backend(async () => ({ items: [{ name: 'local', type: 'local' }] })),
    );
    expect(
      await screen.findByText(/Cluster "gone" is not configured/),
    ).toBeInTheDocument();
  });

  it('explains the annotation when it is missing', async () => {
    await render(
      entity({}),
      backend(async () => ({ items: [] })),
    );
    expect(
      await screen.findByText('No pipelines for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Add the tekton-dag\/pipelines annotation/),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be reached', async () => {
    await render(
      entity({ 'tekton-dag/pipelines': 'pr-pipeline' }),
      backend(async () => {
        throw new Error('backend is down');
      }),
    );
    expect(
      await screen.findByText('Error: backend is down'),
    ).toBeInTheDocument();
  });
});
