import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Every example runs as a test (localRepositories.test.ts) after tekton-dag:local-repo:create
 * has made the repository.
 */
export const examples: TemplateExample[] = [
  {
    description:
      'Commits the whole workspace to the repository hello-service and pushes it to main.',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'tekton-dag:local-repo:push',
          name: 'Publish',
          input: {
            name: 'hello-service',
            commitMessage: 'Create hello-service from the template',
          },
        },
      ],
    }),
  },
];
