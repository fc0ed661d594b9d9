import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Every example runs as a test (localRepositories.test.ts) in a temporary repositories folder. */
export const examples: TemplateExample[] = [
  {
    description:
      'Creates the empty repository hello-service; later steps name it by the outputs remoteUrl (to clone it) and catalogInfoUrl (to register it).',
    example: yaml.stringify({
      steps: [
        {
          id: 'repo',
          action: 'tekton-dag:local-repo:create',
          name: 'Create the repository',
          input: { name: 'hello-service' },
        },
      ],
    }),
  },
];
