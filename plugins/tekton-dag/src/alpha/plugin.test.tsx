import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  tektonDagEntityContent,
  tektonDagEntityLatestRunsCard,
  tektonDagPage,
} from './plugin';

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
});
