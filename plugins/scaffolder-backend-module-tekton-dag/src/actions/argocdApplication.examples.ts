import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Every example runs as a test (argocdApplication.test.ts) in a workspace with Tekton content. */
export const examples: TemplateExample[] = [
  {
    description:
      'Writes argocd/applications/shop-api-pipelines.yaml for the Pipelines under tekton/pipelines: sync wave 2, read from the kinds in the folder.',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd-application',
          action: 'tekton-dag:argocd:application',
          name: 'Add the Argo CD Application of the pipelines',
          input: {
            name: 'shop-api-pipelines',
            repoURL: 'https://github.com/tekton-dag/shop-api.git',
            path: 'tekton/pipelines',
            namespace: 'shop',
          },
        },
      ],
    }),
  },
  {
    description:
      'The Tasks (sync wave 1) in the AppProject tekton-dag, synced automatically into a namespace Argo CD creates.',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd-application',
          action: 'tekton-dag:argocd:application',
          name: 'Add the Argo CD Application of the Tasks',
          input: {
            name: 'shop-api-tasks',
            repoURL: 'https://github.com/tekton-dag/shop-api.git',
            targetRevision: 'main',
            path: 'tekton/tasks',
            namespace: 'shop',
            project: 'tekton-dag',
            automated: true,
            createNamespace: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'An explicit sync wave for a folder the template does not write (the deployment of the component), into argocd/apps.',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd-application',
          action: 'tekton-dag:argocd:application',
          name: 'Add the Argo CD Application of the deployment',
          input: {
            name: 'shop-api',
            repoURL: 'https://github.com/tekton-dag/shop-api.git',
            path: 'deploy/production',
            namespace: 'shop',
            syncWave: 4,
            targetPath: 'argocd/apps',
          },
        },
      ],
    }),
  },
];
