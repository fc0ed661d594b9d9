import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Every example runs as a test (pipelineApply.test.ts), in this order, against a local cluster
 * configured as `local`, in a workspace holding this repository's tekton/ folder.
 */
export const examples: TemplateExample[] = [
  {
    description:
      'Applies a Pipeline with the Tasks it uses to namespace shop of the cluster "local", creating the namespace if needed.',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply-pipeline',
          action: 'tekton-dag:pipeline:apply',
          name: 'Apply the pipeline',
          input: {
            cluster: 'local',
            namespace: 'shop',
            path: 'tekton/pipelines/pr-pipeline.yaml',
            additionalPaths: ['tekton/tasks'],
            createNamespace: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Applies only the Pipeline: the Tasks it refers to must already be in the namespace.',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply-pipeline',
          action: 'tekton-dag:pipeline:apply',
          name: 'Apply the pipeline',
          input: {
            cluster: 'local',
            namespace: 'shop',
            path: 'tekton/pipelines/pr-pipeline.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Applies a whole folder (Tasks, Pipelines and Triggers, in that order) to the first configured cluster, in a new namespace.',
    example: yaml.stringify({
      steps: [
        {
          id: 'apply-tekton',
          action: 'tekton-dag:pipeline:apply',
          name: 'Apply the Tekton content',
          input: {
            namespace: 'shop-ci',
            path: 'tekton',
            createNamespace: true,
          },
        },
      ],
    }),
  },
];
