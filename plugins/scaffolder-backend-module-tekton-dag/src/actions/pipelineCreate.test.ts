import fs from 'fs';
import path from 'path';
import { ConfigReader } from '@backstage/config';
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
  REPO_ROOT,
  runAction,
} from '../__testUtils__/actionTesting';
import { createPipelineCreateAction } from './pipelineCreate';
import { examples } from './pipelineCreate.examples';

const REPO_TASKS = path.join(REPO_ROOT, 'tekton', 'tasks');

function createAction(tasksDir?: string) {
  return createPipelineCreateAction({
    config: new ConfigReader(
      tasksDir ? { tektonDag: { scaffolder: { tasksDir } } } : {},
    ),
  });
}

/** The workspace's files, validated as a whole with the common validator: all must pass. */
function expectValidWorkspace(workspace: string) {
  const files = readWorkspace(workspace);
  // Tasks of the configured folder are in the workspace for the check, when not there already.
  const hasTasks = files.some(f => f.path.startsWith('tekton/tasks/'));
  const tasks = hasTasks
    ? []
    : fs.readdirSync(REPO_TASKS).map(f => ({
        path: `tasks/${f}`,
        documents: [parseYamlFile(REPO_TASKS, f)],
      }));
  expect(
    formatValidationProblems(validateGitOpsRepository([...tasks, ...files])),
  ).toBe('');
}

const minimalInput = {
  name: 'ci',
  params: [{ name: 'repo-url' }, { name: 'app-path' }],
  tasks: [
    {
      name: 'clone',
      taskRef: 'git-clone',
      params: { url: '$(params.repo-url)' },
    },
    { name: 'build', taskRef: 'build', runAfter: ['clone'] },
  ],
};

describe('tekton-dag:pipeline:create', () => {
  describe.each(exampleSteps(examples).map(s => [s.description, s]))(
    'example: %s',
    (_description, step) => {
      it.each([
        ['a dry run', true],
        ['a real run', false],
      ])('writes a valid Pipeline in %s', async (_mode, isDryRun) => {
        expect(step.action).toBe('tekton-dag:pipeline:create');
        // The repository's Tasks in the workspace, and as the configured folder for
        // examples whose targetPath is elsewhere.
        const workspace = createWorkspace(['tekton/tasks']);
        const output = await runAction(createAction(REPO_TASKS), {
          input: step.input,
          workspacePath: workspace,
          isDryRun,
        });

        const base = step.input.targetPath ?? 'tekton';
        expect(output.pipelineName).toBe(step.input.name);
        expect(output.pipelinePath).toBe(
          `${base}/pipelines/${step.input.name}.yaml`,
        );
        const pipeline = parseYamlFile(workspace, output.pipelinePath);
        expect(pipeline).toMatchObject({
          apiVersion: 'tekton.dev/v1',
          kind: 'Pipeline',
          metadata: { name: step.input.name },
        });
        expect(pipeline.spec.tasks.map((t: any) => t.name)).toEqual(
          step.input.tasks.map((t: any) => t.name),
        );
        const triggerTemplatePath = step.input.triggerTemplate
          ? `${base}/triggers/${step.input.name}-template.yaml`
          : undefined;
        expect(output.triggerTemplatePath).toBe(triggerTemplatePath);
        expect(output.files).toEqual(
          [output.pipelinePath, triggerTemplatePath].filter(Boolean),
        );
        expectValidWorkspace(workspace);
      });
    },
  );

  it('fills in params and workspaces from the Tasks (first example)', async () => {
    const workspace = createWorkspace(['tekton/tasks']);
    const [step] = exampleSteps(examples);
    await runAction(createAction(), {
      input: step.input,
      workspacePath: workspace,
    });
    const text = fs.readFileSync(
      path.join(workspace, 'tekton/pipelines/shop-api-ci.yaml'),
      'utf8',
    );
    expect(text).toMatch(/^# Builds and tests shop-api\.\n# Written by/);
    expect(
      parseYamlFile(workspace, 'tekton/pipelines/shop-api-ci.yaml').spec,
    ).toEqual({
      description: 'Builds and tests shop-api.',
      params: [
        {
          name: 'repo-url',
          type: 'string',
          default: 'https://github.com/tekton-dag/tekton-dag.git',
        },
        { name: 'revision', type: 'string', default: 'main' },
        { name: 'app-path', type: 'string', default: 'examples/shop/shop-api' },
      ],
      workspaces: [{ name: 'source' }],
      results: [
        {
          name: 'commit',
          description: 'The commit built and tested.',
          value: '$(tasks.clone.results.commit)',
        },
      ],
      tasks: [
        {
          name: 'clone',
          taskRef: { name: 'git-clone' },
          params: [
            { name: 'url', value: '$(params.repo-url)' },
            { name: 'revision', value: '$(params.revision)' },
          ],
          workspaces: [{ name: 'output', workspace: 'source' }],
        },
        {
          name: 'build',
          runAfter: ['clone'],
          taskRef: { name: 'build' },
          params: [{ name: 'app-path', value: '$(params.app-path)' }],
          workspaces: [{ name: 'source', workspace: 'source' }],
        },
        {
          name: 'unit-tests',
          runAfter: ['build'],
          taskRef: { name: 'unit-test' },
          params: [{ name: 'app-path', value: '$(params.app-path)' }],
          workspaces: [{ name: 'source', workspace: 'source' }],
        },
      ],
    });
  });

  it('writes a TriggerTemplate whose runs belong to the entity (second example)', async () => {
    const workspace = createWorkspace(['tekton/tasks']);
    const step = exampleSteps(examples)[1];
    await runAction(createAction(), {
      input: step.input,
      workspacePath: workspace,
    });
    const template = parseYamlFile(
      workspace,
      'tekton/triggers/shop-web-pr-template.yaml',
    );
    expect(template).toMatchObject({
      apiVersion: 'triggers.tekton.dev/v1beta1',
      kind: 'TriggerTemplate',
      metadata: { name: 'shop-web-pr' },
      spec: {
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
      },
    });
    const [run] = template.spec.resourcetemplates;
    expect(run).toMatchObject({
      kind: 'PipelineRun',
      metadata: {
        generateName: 'shop-web-pr-',
        labels: { 'tekton.dev/pipeline': 'shop-web-pr' },
        annotations: {
          'tekton-dag.io/entity-ref': 'component:default/shop-web',
        },
      },
      spec: {
        pipelineRef: { name: 'shop-web-pr' },
        taskRunTemplate: { serviceAccountName: 'pipeline-runner' },
      },
    });
    expect(run.spec.params).toContainEqual({
      name: 'revision',
      value: '$(tt.params.revision)',
    });
    expect(run.spec.workspaces[0].name).toBe('source');
    const pipeline = parseYamlFile(
      workspace,
      'tekton/pipelines/shop-web-pr.yaml',
    );
    expect(pipeline.spec.finally[0].params).toEqual([
      { name: 'run-uid', value: '$(context.pipelineRun.uid)' },
      { name: 'pipeline-status', value: '$(tasks.status)' },
      { name: 'portal-url', value: '$(params.portal-url)' },
    ]);
  });

  it('reads the Tasks from tektonDag.scaffolder.tasksDir when the workspace has none', async () => {
    const workspace = createWorkspace();
    const output = await runAction(createAction(REPO_TASKS), {
      input: minimalInput,
      workspacePath: workspace,
    });
    expect(listFiles(workspace)).toEqual([output.pipelinePath]);
    expectValidWorkspace(workspace);
  });

  it('copies the Tasks it uses from the configured folder with copyTasks', async () => {
    const workspace = createWorkspace();
    const output = await runAction(createAction(REPO_TASKS), {
      input: {
        ...minimalInput,
        finally: [
          {
            name: 'publish',
            taskRef: 'publish-results',
            params: { 'run-uid': '$(context.pipelineRun.uid)' },
          },
        ],
        copyTasks: true,
      },
      workspacePath: workspace,
    });
    const copied = [
      'tekton/tasks/build.yaml',
      'tekton/tasks/git-clone.yaml',
      'tekton/tasks/publish-results.yaml',
    ];
    expect(output.files).toEqual([output.pipelinePath, ...copied]);
    expect(listFiles(workspace).sort()).toEqual(
      [output.pipelinePath, ...copied].sort(),
    );
    for (const file of copied) {
      expect(fs.readFileSync(path.join(workspace, file), 'utf8')).toBe(
        fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'),
      );
    }
    // The workspace alone is a complete repository: no Task missing.
    expectValidWorkspace(workspace);
  });

  it('takes a Task from the workspace over the configured folder', async () => {
    const workspace = createWorkspace(['tekton/tasks']);
    // The workspace's build Task has a required param the shared one does not.
    const build = parseYamlFile(workspace, 'tekton/tasks/build.yaml');
    build.spec.params.push({ name: 'target', type: 'string' });
    fs.writeFileSync(
      path.join(workspace, 'tekton/tasks/build.yaml'),
      JSON.stringify(build),
    );
    await expect(
      runAction(createAction(REPO_TASKS), {
        input: minimalInput,
        workspacePath: workspace,
      }),
    ).rejects.toThrow(
      'tekton/pipelines/ci.yaml Pipeline/ci: task "build" does not pass required param "target"',
    );
  });

  describe('an invalid pipeline', () => {
    const cases: Array<[string, Record<string, any>, string[]]> = [
      [
        'an unknown runAfter',
        {
          ...minimalInput,
          tasks: [
            minimalInput.tasks[0],
            { name: 'build', taskRef: 'build', runAfter: ['compile'] },
          ],
        },
        ['task "build" runs after "compile", which is not a task'],
      ],
      [
        'an undeclared param',
        {
          ...minimalInput,
          tasks: [
            {
              name: 'clone',
              taskRef: 'git-clone',
              params: { url: '$(params.repository)' },
            },
            minimalInput.tasks[1],
          ],
        },
        ['task "clone" uses $(params.repository), which is not declared'],
      ],
      [
        'a cycle',
        {
          ...minimalInput,
          tasks: [
            { ...minimalInput.tasks[0], runAfter: ['build'] },
            minimalInput.tasks[1],
          ],
        },
        ['has a cycle: '],
      ],
      [
        'a param its Task does not declare, and a missing required one',
        {
          ...minimalInput,
          tasks: [
            { name: 'clone', taskRef: 'git-clone', params: { uri: 'x' } },
            minimalInput.tasks[1],
          ],
        },
        [
          'task "clone" passes param "uri", which its Task does not declare',
          'task "clone" does not pass required param "url"',
        ],
      ],
      [
        'a finally task with runAfter',
        {
          ...minimalInput,
          finally: [
            {
              name: 'report',
              taskRef: 'publish-results',
              runAfter: ['build'],
              params: { 'run-uid': '$(context.pipelineRun.uid)' },
            },
          ],
        },
        [
          'finally task "report" has runAfter; finally tasks run after all tasks',
        ],
      ],
      [
        'an unknown Task',
        {
          ...minimalInput,
          tasks: [...minimalInput.tasks, { name: 'lint', taskRef: 'eslint' }],
        },
        [
          'task "lint" refers to Task "eslint", which does not exist',
          'Known Tasks: build, deploy-preview, git-clone, integration-test, publish-results, security-scan, unit-test (from tekton/tasks in the workspace).',
        ],
      ],
    ];

    it.each(cases)(
      'with %s fails with the validator messages and writes nothing',
      async (_case, input, messages) => {
        const workspace = createWorkspace(['tekton/tasks']);
        const before = listFiles(workspace);
        const error = await runAction(createAction(), {
          input: { ...input, triggerTemplate: true },
          workspacePath: workspace,
        }).catch(e => e);
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toMatch(/^Pipeline "ci" is not valid:\n/);
        for (const message of messages)
          expect(error.message).toContain(message);
        expect(listFiles(workspace)).toEqual(before);
      },
    );

    it('says where Tasks are looked for when none are found', async () => {
      const workspace = createWorkspace();
      const error = await runAction(createAction(), {
        input: minimalInput,
        workspacePath: workspace,
      }).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        [
          'Pipeline "ci" is not valid:',
          'tekton/pipelines/ci.yaml Pipeline/ci: task "clone" refers to Task "git-clone", which does not exist',
          'tekton/pipelines/ci.yaml Pipeline/ci: task "build" refers to Task "build", which does not exist',
          'No Tekton Tasks were found: put them under tekton/tasks in the workspace (e.g. with fetch:template) or configure tektonDag.scaffolder.tasksDir.',
        ].join('\n'),
      );
      expect(listFiles(workspace)).toEqual([]);
    });
  });

  it('refuses input that does not match the schema', async () => {
    const workspace = createWorkspace(['tekton/tasks']);
    await expect(
      runAction(createAction(), {
        input: { ...minimalInput, task: [] },
        workspacePath: workspace,
      }),
    ).rejects.toThrow("Invalid input: Unrecognized key(s) in object: 'task'");
    await expect(
      runAction(createAction(), {
        input: { ...minimalInput, tasks: [] },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(
      'Invalid input: tasks: Array must contain at least 1 element(s)',
    );
    await expect(
      runAction(createAction(), {
        input: { ...minimalInput, name: 'Shop_CI' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow('The pipeline name "Shop_CI" must be a DNS label');
  });

  it('does not write outside the workspace', async () => {
    const workspace = createWorkspace(['tekton/tasks']);
    await expect(
      runAction(createAction(REPO_TASKS), {
        input: { ...minimalInput, targetPath: '../escape' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(/outside/);
    expect(fs.existsSync(path.join(workspace, '..', 'escape'))).toBe(false);
  });

  it('succeeds again with the same content, and refuses other content unless overwrite', async () => {
    const workspace = createWorkspace(['tekton/tasks']);
    const run = (input: Record<string, any>) =>
      runAction(createAction(), { input, workspacePath: workspace });
    await run(minimalInput);
    await run(minimalInput); // a retried step
    const changed = { ...minimalInput, description: 'Changed.' };
    await expect(run(changed)).rejects.toThrow(
      'tekton/pipelines/ci.yaml already exists in the workspace with other content; set overwrite: true to replace it',
    );
    await run({ ...changed, overwrite: true });
    expect(
      parseYamlFile(workspace, 'tekton/pipelines/ci.yaml').spec.description,
    ).toBe('Changed.');
  });
});
