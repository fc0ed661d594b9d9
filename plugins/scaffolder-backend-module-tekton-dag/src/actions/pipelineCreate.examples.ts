import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Every example runs as a test (pipelineCreate.test.ts) against the repository's Tasks. */
export const examples: TemplateExample[] = [
  {
    description:
      'Writes tekton/pipelines/shop-api-ci.yaml: clone, build and unit tests. Task params with the name of a pipeline param (revision, app-path) are passed it, and the only workspace is bound to every Task workspace. Its commit result is the revision the portal shows for each run.',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-pipeline',
          action: 'tekton-dag:pipeline:create',
          name: 'Create the CI pipeline',
          input: {
            name: 'shop-api-ci',
            description: 'Builds and tests shop-api.',
            params: [
              {
                name: 'repo-url',
                default: 'https://github.com/tekton-dag/tekton-dag.git',
              },
              { name: 'revision', default: 'main' },
              { name: 'app-path', default: 'examples/shop/shop-api' },
            ],
            results: [
              {
                name: 'commit',
                value: '$(tasks.clone.results.commit)',
                description: 'The commit built and tested.',
              },
            ],
            tasks: [
              {
                name: 'clone',
                taskRef: 'git-clone',
                params: { url: '$(params.repo-url)' },
              },
              { name: 'build', taskRef: 'build', runAfter: ['clone'] },
              { name: 'unit-tests', taskRef: 'unit-test', runAfter: ['build'] },
            ],
          },
        },
      ],
    }),
  },
  {
    description:
      'A pull request pipeline with parallel tests, a finally task and a TriggerTemplate (tekton/triggers/shop-web-pr-template.yaml) whose runs belong to component:default/shop-web.',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-pipeline',
          action: 'tekton-dag:pipeline:create',
          name: 'Create the pull request pipeline',
          input: {
            name: 'shop-web-pr',
            description: 'Tests shop-web for a pull request.',
            params: [
              {
                name: 'repo-url',
                description: 'Repository to clone.',
                default: 'https://github.com/tekton-dag/tekton-dag.git',
              },
              { name: 'revision', description: 'Commit to test.' },
              { name: 'app-path', default: 'examples/shop/shop-web' },
              { name: 'portal-url', default: '' },
            ],
            tasks: [
              {
                name: 'clone',
                taskRef: 'git-clone',
                params: { url: '$(params.repo-url)' },
              },
              { name: 'build', taskRef: 'build', runAfter: ['clone'] },
              {
                name: 'unit-tests',
                taskRef: 'unit-test',
                runAfter: ['build'],
                params: { 'report-name': 'unit-tests' },
              },
              {
                name: 'integration-tests',
                taskRef: 'integration-test',
                runAfter: ['unit-tests'],
                params: { 'report-name': 'integration-tests' },
              },
              {
                name: 'security-scan',
                taskRef: 'security-scan',
                runAfter: ['unit-tests'],
              },
            ],
            finally: [
              {
                name: 'publish-results',
                taskRef: 'publish-results',
                params: {
                  'run-uid': '$(context.pipelineRun.uid)',
                  'pipeline-status': '$(tasks.status)',
                },
              },
            ],
            triggerTemplate: true,
            serviceAccountName: 'pipeline-runner',
            entityRef: 'component:default/shop-web',
          },
        },
      ],
    }),
  },
  {
    description:
      'Writes ci/tekton/pipelines/shop-db-build.yaml with the Tasks of tektonDag.scaffolder.tasksDir (none in the workspace), a fixed revision and a Task workspace bound explicitly.',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-pipeline',
          action: 'tekton-dag:pipeline:create',
          name: 'Create the build pipeline',
          input: {
            name: 'shop-db-build',
            targetPath: 'ci/tekton',
            params: [
              { name: 'repo-url' },
              { name: 'app-path', default: 'examples/shop/shop-db' },
            ],
            tasks: [
              {
                name: 'clone',
                taskRef: 'git-clone',
                params: {
                  url: '$(params.repo-url)',
                  revision: 'main',
                },
                workspaces: { output: 'source' },
              },
              {
                name: 'build',
                taskRef: 'build',
                runAfter: ['clone'],
                params: { platform: 'linux/arm64' },
              },
            ],
          },
        },
      ],
    }),
  },
];
