import type { Entity } from '@backstage/catalog-model';
import { FakeTektonDagApi } from './testUtils/FakeTektonDagApi';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { tektonDagApiRef, TektonDagApi } from './api';
import {
  EntityTektonDagContent,
  isTektonDagAvailable,
  tektonDagPlugin,
} from './index';

describe('tekton-dag for the legacy frontend system', () => {
  it('exports the plugin', () => {
    expect(tektonDagPlugin.getId()).toBe('tekton-dag');
  });

  it('renders the entity content', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'shop-web',
        annotations: { 'tekton-dag/pipelines': 'pr-pipeline' },
      },
      spec: {},
    };
    expect(isTektonDagAvailable(entity)).toBe(true);
    const api: TektonDagApi = new FakeTektonDagApi();
    await renderInTestApp(
      <TestApiProvider apis={[[tektonDagApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityTektonDagContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('pr-pipeline')).toBeInTheDocument();
    expect(screen.getByText('local')).toBeInTheDocument();
  });
});
