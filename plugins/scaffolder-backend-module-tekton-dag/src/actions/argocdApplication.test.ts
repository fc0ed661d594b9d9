import fs from 'fs';
import path from 'path';
import { InputError } from '@backstage/errors';
import {
  formatValidationProblems,
  validateGitOpsRepository,
} from '@tekton-dag/plugin-tekton-dag-common';
import {
  createWorkspace,
  exampleSteps,
  listFiles,
  parseYamlFile,
  readWorkspace,
  runAction,
} from '../__testUtils__/actionTesting';
import { createArgoCdApplicationAction } from './argocdApplication';
import { examples } from './argocdApplication.examples';

/** A workspace like a new repository's: Tekton content and the platform's AppProject. */
function tektonWorkspace() {
  return createWorkspace([
    'tekton',
    {
      from: 'argocd/applications/project.yaml',
      to: 'argocd/applications/project.yaml',
    },
  ]);
}

const action = createArgoCdApplicationAction();

const EXPECTED_WAVES = [2, 1, 4];

describe('tekton-dag:argocd:application', () => {
  describe.each(exampleSteps(examples).map((s, i) => [s.description, s, i]))(
    'example: %s',
    (_description, step, index) => {
      it.each([
        ['a dry run', true],
        ['a real run', false],
      ])('writes a valid Application in %s', async (_mode, isDryRun) => {
        expect(step.action).toBe('tekton-dag:argocd:application');
        const workspace = tektonWorkspace();
        const output = await runAction(action, {
          input: step.input,
          workspacePath: workspace,
          isDryRun,
        });
        const targetPath = step.input.targetPath ?? 'argocd/applications';
        expect(output).toEqual({
          applicationName: step.input.name,
          applicationPath: `${targetPath}/${step.input.name}.yaml`,
          syncWave: EXPECTED_WAVES[index],
        });
        const application = parseYamlFile(workspace, output.applicationPath);
        expect(application).toMatchObject({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: {
            name: step.input.name,
            namespace: 'argocd',
            annotations: {
              'argocd.argoproj.io/sync-wave': String(EXPECTED_WAVES[index]),
            },
          },
          spec: {
            project: step.input.project ?? 'default',
            source: {
              repoURL: step.input.repoURL,
              targetRevision: step.input.targetRevision ?? 'HEAD',
              path: step.input.path,
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: step.input.namespace,
            },
          },
        });

        // The common validator is content with the workspace as a whole (Applications whose
        // path the template does not write point at another repository).
        const inWorkspace = fs.existsSync(
          path.join(workspace, step.input.path),
        );
        const problems = validateGitOpsRepository(readWorkspace(workspace), {
          isThisRepository: () => inWorkspace,
        });
        expect(formatValidationProblems(problems)).toBe('');
      });
    },
  );

  it('writes the sync policy and a comment naming the wave', async () => {
    const workspace = tektonWorkspace();
    const output = await runAction(action, {
      input: exampleSteps(examples)[1].input,
      workspacePath: workspace,
    });
    const text = fs.readFileSync(
      path.join(workspace, output.applicationPath),
      'utf8',
    );
    expect(text).toMatch(/^# Sync wave 1: Tasks, from tekton\/tasks\.\n/);
    expect(
      parseYamlFile(workspace, output.applicationPath).spec.syncPolicy,
    ).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
    });
  });

  const base = {
    name: 'shop-api-pipelines',
    repoURL: 'https://github.com/tekton-dag/shop-api.git',
    path: 'tekton/pipelines',
    namespace: 'shop',
  };

  async function failure(input: Record<string, any>) {
    const workspace = tektonWorkspace();
    const before = listFiles(workspace);
    const error = await runAction(action, {
      input,
      workspacePath: workspace,
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(listFiles(workspace)).toEqual(before);
    return error.message as string;
  }

  it('fails with the validator message for a wave out of order', async () => {
    expect(await failure({ ...base, syncWave: 1 })).toBe(
      [
        'Application "shop-api-pipelines" is not valid:',
        'argocd/applications/shop-api-pipelines.yaml Application/shop-api-pipelines: installs Pipeline in sync wave 1; the order is wave 2 (Pipelines)',
      ].join('\n'),
    );
  });

  it('refuses a folder that mixes waves', async () => {
    expect(await failure({ ...base, path: 'tekton' })).toBe(
      'tekton mixes resources of different sync waves: Task (wave 1); Pipeline (wave 2); TriggerTemplate, TriggerBinding, EventListener (wave 3). Use one Application per wave.',
    );
  });

  it('asks for the wave of a folder it cannot read', async () => {
    expect(await failure({ ...base, path: 'deploy' })).toBe(
      'Cannot tell the sync wave: deploy is not in the workspace; pass syncWave (or write the resources first)',
    );
  });

  it('accepts an AppProject the workspace does not define: it may exist in Argo CD', async () => {
    const workspace = tektonWorkspace();
    const output = await runAction(action, {
      input: { ...base, project: 'shop' },
      workspacePath: workspace,
    });
    expect(parseYamlFile(workspace, output.applicationPath).spec.project).toBe(
      'shop',
    );
  });

  it('refuses names that are not DNS labels', async () => {
    expect(await failure({ ...base, name: 'Shop API' })).toMatch(
      /^The Application name "Shop API" must be a DNS label/,
    );
  });
});
