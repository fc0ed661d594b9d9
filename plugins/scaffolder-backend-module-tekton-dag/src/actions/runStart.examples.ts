import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Every example runs as a test (runStart.test.ts) against a stand-in for the tekton-dag API. */
export const examples: TemplateExample[] = [
  {
    description:
      "Starts a run of shop-api's pr-pipeline at a revision and goes on at once; the run's page is in the step's output url.",
    example: yaml.stringify({
      steps: [
        {
          id: 'start-run',
          action: 'tekton-dag:run:start',
          name: 'Start the first run',
          input: {
            entityRef: 'component:default/shop-api',
            pipeline: 'pr-pipeline',
            params: { revision: 'main' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Starts a run on the cluster "local" and waits up to ten minutes for it, failing the step unless it succeeds (the kind defaults to component).',
    example: yaml.stringify({
      steps: [
        {
          id: 'start-run',
          action: 'tekton-dag:run:start',
          name: 'Run the pipeline',
          input: {
            entityRef: 'shop-web',
            pipeline: 'pr-pipeline',
            cluster: 'local',
            wait: true,
            timeoutSeconds: 600,
            requireSuccess: true,
          },
        },
      ],
    }),
  },
];
