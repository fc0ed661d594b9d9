import type { Entity } from '@backstage/catalog-model';
import {
  componentsOfFiles,
  findRepositoryComponents,
  parseRepositoryUrl,
} from './repositoryComponents';

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {},
});

describe('repository components', () => {
  it('reads GitHub and Gitea locations', () => {
    expect(
      parseRepositoryUrl(
        'url:https://github.com/Acme/Shop/tree/main/services/api/',
      ),
    ).toEqual({
      host: 'github.com',
      repository: 'acme/shop',
      path: 'services/api',
    });
    expect(
      parseRepositoryUrl(
        'url:https://gitea.example:3000/acme/shop/src/branch/main/web',
      ),
    ).toEqual({
      host: 'gitea.example:3000',
      repository: 'acme/shop',
      path: 'web',
    });
    expect(parseRepositoryUrl('url:https://github.com/acme/shop.git')).toEqual({
      host: 'github.com',
      repository: 'acme/shop',
      path: '',
    });
    expect(parseRepositoryUrl('not a url')).toBeUndefined();
  });

  const entities = [
    component('api', {
      'backstage.io/source-location':
        'url:https://github.com/acme/shop/tree/main/services/api/',
    }),
    component('api-docs', {
      // Nested inside api's folder: its files are its own.
      'backstage.io/source-location':
        'url:https://github.com/acme/shop/tree/main/services/api/docs',
    }),
    component('web', {
      'backstage.io/source-location': 'url:https://github.com/acme/shop',
      'tekton-dag/source-path': 'web/',
    }),
    component('monorepo-root', {
      'github.com/project-slug': 'acme/shop',
    }),
    component('from-location', {
      'backstage.io/source-location': 'url:https://github.com/acme/shop/',
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/shop/blob/main/tools/cli/catalog-info.yaml',
    }),
    component('elsewhere', {
      'backstage.io/source-location':
        'url:https://github.com/acme/other/tree/main/services/api',
    }),
    component('other-host', {
      'backstage.io/source-location':
        'url:https://gitea.example/acme/shop/src/branch/main/services/api',
    }),
  ];
  const repo = {
    host: 'github.com',
    owner: 'acme',
    repo: 'shop',
    forge: 'github',
  };

  it("finds a repository's components and their folders", () => {
    const found = findRepositoryComponents(entities, repo);
    expect(found.map(c => [c.entity.metadata.name, c.path])).toEqual([
      ['api', 'services/api'],
      ['api-docs', 'services/api/docs'],
      ['web', 'web'],
      ['monorepo-root', ''],
      ['from-location', 'tools/cli'],
    ]);
  });

  it('gives each changed file to the component with the deepest folder', () => {
    const found = findRepositoryComponents(entities, repo);
    const names = (files: string[]) =>
      componentsOfFiles(found, files).map(c => c.entity.metadata.name);
    expect(names(['services/api/src/index.ts'])).toEqual(['api']);
    expect(names(['services/api/docs/index.md'])).toEqual(['api-docs']);
    expect(names(['services/api-gateway/x.ts'])).toEqual(['monorepo-root']);
    expect(names(['web/app.tsx', 'services/api/a.ts'])).toEqual(['api', 'web']);
    expect(names(['README.md'])).toEqual(['monorepo-root']);
    // Without a root component, a change outside every folder touches nothing.
    const noRoot = found.filter(c => c.path !== '');
    expect(componentsOfFiles(noRoot, ['README.md'])).toEqual([]);
  });
});
