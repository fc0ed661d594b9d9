import fs from 'fs';
import path from 'path';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { LocalCluster } from '@tekton-dag/local-cluster';
import yaml from 'yaml';
import {
  createCheckpointStore,
  createWorkspace,
  exampleSteps,
  runAction,
} from '../__testUtils__/actionTesting';
import {
  clusterObject,
  startTemporaryCluster,
} from '../__testUtils__/localCluster';
import { createPipelineApplyAction } from './pipelineApply';
import { examples } from './pipelineApply.examples';

jest.setTimeout(60_000);

const TASKS = [
  'build',
  'deploy-preview',
  'git-clone',
  'integration-test',
  'publish-results',
  'security-scan',
  'unit-test',
];

describe('tekton-dag:pipeline:apply', () => {
  let cluster: LocalCluster;
  let action: ReturnType<typeof createPipelineApplyAction>;
  let workspace: string;

  beforeAll(async () => {
    cluster = await startTemporaryCluster();
    action = createPipelineApplyAction({
      config: new ConfigReader({
        tektonDag: {
          clusters: [
            {
              name: 'local',
              type: 'local',
              kubeconfigPath: cluster.kubeconfigPath,
            },
          ],
        },
      }),
    });
    workspace = createWorkspace(['tekton']);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const pipeline = (namespace: string, name = 'pr-pipeline') =>
    clusterObject(cluster, 'tekton.dev/v1', 'Pipeline', namespace, name);
  const namespaceExists = (name: string) =>
    !!clusterObject(cluster, 'v1', 'Namespace', undefined, name);
  const writes = () =>
    [...cluster.requestCounts.entries()]
      .filter(([request]) => /^(POST|PUT|PATCH|DELETE) /.test(request))
      .reduce((sum, [, count]) => sum + count, 0);

  const steps = exampleSteps(examples);

  describe('in a dry run', () => {
    it.each(steps.map(s => [s.description, s]))(
      'validates and changes nothing: %s',
      async (_description, step) => {
        expect(step.action).toBe('tekton-dag:pipeline:apply');
        cluster.requestCounts.clear();
        const output = await runAction(action, {
          input: step.input,
          workspacePath: workspace,
          isDryRun: true,
        });
        expect(output.cluster).toBe('local');
        expect(output.namespace).toBe(step.input.namespace);
        expect(output.applied.length).toBeGreaterThan(0);
        expect(output.applied.every((a: any) => a.action === 'dry-run')).toBe(
          true,
        );
        expect(cluster.requestCounts.size).toBe(0);
        expect(namespaceExists(step.input.namespace)).toBe(false);
      },
    );
  });

  describe('for real, in order', () => {
    it(`applies the first example: ${steps[0].description}`, async () => {
      const output = await runAction(action, {
        input: steps[0].input,
        workspacePath: workspace,
      });
      expect(namespaceExists('shop')).toBe(true);
      // Tasks first, then the Pipeline that uses them.
      expect(output.applied).toEqual([
        ...TASKS.map(name => ({
          apiVersion: 'tekton.dev/v1',
          kind: 'Task',
          name,
          namespace: 'shop',
          action: 'created',
        })),
        {
          apiVersion: 'tekton.dev/v1',
          kind: 'Pipeline',
          name: 'pr-pipeline',
          namespace: 'shop',
          action: 'created',
        },
      ]);
      const local = yaml.parse(
        fs.readFileSync(
          path.join(workspace, 'tekton/pipelines/pr-pipeline.yaml'),
          'utf8',
        ),
      );
      expect(pipeline('shop').spec).toEqual(local.spec);
      for (const name of TASKS) {
        expect(
          clusterObject(cluster, 'tekton.dev/v1', 'Task', 'shop', name),
        ).toBeDefined();
      }
    });

    it('is idempotent: applying again changes nothing', async () => {
      const before = pipeline('shop').metadata.resourceVersion;
      cluster.requestCounts.clear();
      const output = await runAction(action, {
        input: steps[0].input,
        workspacePath: workspace,
      });
      expect(output.applied.map((a: any) => a.action)).toEqual(
        Array(TASKS.length + 1).fill('unchanged'),
      );
      expect(pipeline('shop').metadata.resourceVersion).toBe(before);
      expect(
        cluster.requestCounts.get(
          'POST /apis/tekton.dev/v1/namespaces/shop/pipelines',
        ),
      ).toBeUndefined();
    });

    it(`applies the second example: ${steps[1].description}`, async () => {
      const output = await runAction(action, {
        input: steps[1].input,
        workspacePath: workspace,
      });
      expect(output.applied).toEqual([
        expect.objectContaining({ kind: 'Pipeline', action: 'unchanged' }),
      ]);
    });

    it(`applies the third example: ${steps[2].description}`, async () => {
      const output = await runAction(action, {
        input: steps[2].input,
        workspacePath: workspace,
      });
      expect(output.applied.map((a: any) => `${a.kind}/${a.name}`)).toEqual([
        ...TASKS.map(name => `Task/${name}`),
        'Pipeline/pr-pipeline',
        // Within a wave, in the order of the files.
        'TriggerTemplate/pr-pipeline',
        'TriggerBinding/pull-request',
        'EventListener/pull-requests',
      ]);
      expect(pipeline('shop-ci')).toBeDefined();
      expect(
        clusterObject(
          cluster,
          'triggers.tekton.dev/v1beta1',
          'TriggerTemplate',
          'shop-ci',
          'pr-pipeline',
        ),
      ).toBeDefined();
    });
  });

  it('replaces a Pipeline that changed', async () => {
    const changed = createWorkspace(['tekton']);
    const file = path.join(changed, 'tekton/pipelines/pr-pipeline.yaml');
    const local = yaml.parse(fs.readFileSync(file, 'utf8'));
    local.spec.description = 'Changed by a test.';
    fs.writeFileSync(file, yaml.stringify(local));
    const output = await runAction(action, {
      input: {
        cluster: 'local',
        namespace: 'shop',
        path: 'tekton/pipelines/pr-pipeline.yaml',
      },
      workspacePath: changed,
    });
    expect(output.applied).toEqual([
      expect.objectContaining({ name: 'pr-pipeline', action: 'configured' }),
    ]);
    expect(pipeline('shop').spec.description).toBe('Changed by a test.');
  });

  it('does not apply again when a retried step finds its checkpoint', async () => {
    const checkpoints = createCheckpointStore();
    const input = {
      namespace: 'retried',
      path: 'tekton/pipelines/pr-pipeline.yaml',
      additionalPaths: ['tekton/tasks'],
      createNamespace: true,
    };
    const first = await runAction(action, {
      input,
      workspacePath: workspace,
      checkpoints,
    });
    cluster.requestCounts.clear();
    const second = await runAction(action, {
      input,
      workspacePath: workspace,
      checkpoints,
    });
    expect(second).toEqual(first);
    expect(checkpoints.calls).toHaveLength(1);
    expect(cluster.requestCounts.size).toBe(0);
  });

  it('refuses a Pipeline whose Tasks are neither given nor on the cluster, and applies nothing', async () => {
    cluster.requestCounts.clear();
    const error = await runAction(action, {
      input: {
        cluster: 'local',
        namespace: 'empty',
        path: 'tekton/pipelines/pr-pipeline.yaml',
        createNamespace: true,
      },
      workspacePath: workspace,
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'The resources of tekton/pipelines/pr-pipeline.yaml is not valid:\ntekton/pipelines/pr-pipeline.yaml Pipeline/pr-pipeline: task "clone" refers to Task "git-clone", which does not exist',
    );
    expect(error.message).toContain(
      'Tasks git-clone, build, unit-test, integration-test, security-scan, deploy-preview, publish-results are neither applied with it (additionalPaths) nor in namespace empty of cluster local.',
    );
    expect(writes()).toBe(0);
    expect(namespaceExists('empty')).toBe(false);
  });

  it('refuses an invalid Pipeline with the validator messages, in a dry run too', async () => {
    const invalid = createWorkspace(['tekton']);
    const file = path.join(invalid, 'tekton/pipelines/pr-pipeline.yaml');
    const local = yaml.parse(fs.readFileSync(file, 'utf8'));
    local.spec.tasks[1].runAfter = ['compile'];
    fs.writeFileSync(file, yaml.stringify(local));
    for (const isDryRun of [true, false]) {
      cluster.requestCounts.clear();
      await expect(
        runAction(action, {
          input: steps[0].input,
          workspacePath: invalid,
          isDryRun,
        }),
      ).rejects.toThrow(
        'tekton/pipelines/pr-pipeline.yaml Pipeline/pr-pipeline: task "build" runs after "compile", which is not a task',
      );
      expect(writes()).toBe(0);
    }
  });

  it('applies Argo CD Applications only when configured to', async () => {
    const other = createWorkspace();
    fs.mkdirSync(path.join(other, 'argocd'));
    fs.mkdirSync(path.join(other, 'deploy'));
    fs.writeFileSync(
      path.join(other, 'deploy/config.yaml'),
      yaml.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'hello' },
      }),
    );
    fs.writeFileSync(
      path.join(other, 'argocd/hello.yaml'),
      yaml.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'hello', namespace: 'argocd' },
        spec: {
          project: 'default',
          source: { repoURL: 'https://git.example/hello.git', path: 'deploy' },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'hello',
          },
        },
      }),
    );
    const input = {
      namespace: 'argocd',
      path: 'argocd',
      createNamespace: true,
    };
    await expect(
      runAction(action, { input, workspacePath: other }),
    ).rejects.toThrow(
      'argocd/hello.yaml Application/hello is a argoproj.io/v1alpha1 object; only tekton.dev and triggers.tekton.dev objects are applied (Argo CD Applications only with tektonDag.scaffolder.applyArgoCdApplications)',
    );

    const allowing = createPipelineApplyAction({
      config: new ConfigReader({
        tektonDag: {
          clusters: [
            {
              name: 'local',
              type: 'local',
              kubeconfigPath: cluster.kubeconfigPath,
            },
          ],
          scaffolder: { applyArgoCdApplications: true },
        },
      }),
    });
    const output = await runAction(allowing, { input, workspacePath: other });
    expect(output.applied).toEqual([
      expect.objectContaining({
        kind: 'Application',
        name: 'hello',
        namespace: 'argocd',
      }),
    ]);
    const applied = cluster.store.get(
      cluster.store.findType('argoproj.io', 'v1alpha1', 'applications')!,
      'argocd',
      'hello',
    );
    expect(applied.spec.source.repoURL).toBe('https://git.example/hello.git');
  });

  it('applies only Tekton objects, in the given namespace', async () => {
    const other = createWorkspace();
    fs.mkdirSync(path.join(other, 'deploy'));
    fs.writeFileSync(
      path.join(other, 'deploy/role.yaml'),
      yaml.stringify({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'everything' },
      }),
    );
    await expect(
      runAction(action, {
        input: { namespace: 'shop', path: 'deploy' },
        workspacePath: other,
      }),
    ).rejects.toThrow(
      'deploy/role.yaml ClusterRole/everything is a rbac.authorization.k8s.io/v1 object; only tekton.dev and triggers.tekton.dev objects are applied',
    );
    await expect(
      runAction(action, {
        input: {
          namespace: 'default',
          path: 'tekton/pipelines/pr-pipeline.yaml',
          additionalPaths: ['tekton/tasks'],
        },
        workspacePath: workspace,
      }),
    ).resolves.toBeDefined();
    const elsewhere = createWorkspace(['tekton']);
    const file = path.join(elsewhere, 'tekton/pipelines/pr-pipeline.yaml');
    const local = yaml.parse(fs.readFileSync(file, 'utf8'));
    local.metadata.namespace = 'shop';
    fs.writeFileSync(file, yaml.stringify(local));
    await expect(
      runAction(action, {
        input: {
          namespace: 'default',
          path: 'tekton/pipelines/pr-pipeline.yaml',
        },
        workspacePath: elsewhere,
      }),
    ).rejects.toThrow(
      'tekton/pipelines/pr-pipeline.yaml Pipeline/pr-pipeline is for namespace "shop", not "default"',
    );
  });

  it('names the problem with the cluster, the namespace and the path', async () => {
    await expect(
      runAction(action, {
        input: { cluster: 'production', namespace: 'shop', path: 'tekton' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(
      'Cluster "production" is not configured under tektonDag.clusters (configured: local)',
    );
    await expect(
      runAction(action, {
        input: {
          namespace: 'nowhere',
          path: 'tekton/pipelines/pr-pipeline.yaml',
          additionalPaths: ['tekton/tasks'],
        },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(
      'Namespace "nowhere" does not exist on cluster "local"; set createNamespace to create it',
    );
    await expect(
      runAction(action, {
        input: { namespace: 'shop', path: 'tekton/pipelines/missing.yaml' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow('tekton/pipelines/missing.yaml is not in the workspace');
  });
});
