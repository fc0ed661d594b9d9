import { validateGitOpsRepository } from './validateGitOpsRepository';
import type { RepositoryFile } from './types';

const task = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'tekton.dev/v1',
  kind: 'Task',
  metadata: { name },
  spec: {
    params: [{ name: 'app' }],
    results: [{ name: 'commit' }],
    workspaces: [{ name: 'source' }],
    steps: [
      {
        name: 'run',
        image: 'alpine',
        script: 'echo $(params.app) > $(results.commit.path)',
      },
    ],
    ...spec,
  },
});

const pipelineTask = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  taskRef: { name: 'work' },
  params: [{ name: 'app', value: '$(params.app)' }],
  workspaces: [{ name: 'source', workspace: 'ws' }],
  ...extra,
});

const pipeline = (spec: Record<string, unknown>) => ({
  apiVersion: 'tekton.dev/v1',
  kind: 'Pipeline',
  metadata: { name: 'p' },
  spec: { params: [{ name: 'app' }], workspaces: [{ name: 'ws' }], ...spec },
});

function problemsOf(...documents: unknown[]): string[] {
  const files: RepositoryFile[] = [{ path: 'tekton/all.yaml', documents }];
  return validateGitOpsRepository(files).map(
    p => `${p.resource}: ${p.message}`,
  );
}

describe('validateGitOpsRepository, Tekton', () => {
  it('accepts a consistent pipeline', () => {
    expect(
      problemsOf(
        task('work'),
        pipeline({
          tasks: [
            pipelineTask('a'),
            pipelineTask('b', {
              runAfter: ['a'],
              params: [{ name: 'app', value: '$(tasks.a.results.commit)' }],
            }),
          ],
          finally: [
            pipelineTask('report', {
              params: [{ name: 'app', value: '$(tasks.b.status)' }],
            }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('reports a taskRef to a missing Task', () => {
    expect(
      problemsOf(
        task('work'),
        pipeline({ tasks: [pipelineTask('a', { taskRef: { name: 'nope' } })] }),
      ),
    ).toEqual([
      'Pipeline/p: task "a" refers to Task "nope", which does not exist',
    ]);
  });

  it('reports runAfter and result references to unknown tasks and undeclared results', () => {
    const problems = problemsOf(
      task('work'),
      pipeline({
        tasks: [
          pipelineTask('a', { runAfter: ['ghost'] }),
          pipelineTask('b', {
            params: [
              {
                name: 'app',
                value: '$(tasks.a.results.missing) $(tasks.zz.results.commit)',
              },
            ],
          }),
        ],
      }),
    );
    expect(problems).toEqual([
      'Pipeline/p: task "a" runs after "ghost", which is not a task',
      'Pipeline/p: task "b" uses result "missing" of "a", which its Task does not declare',
      'Pipeline/p: task "b" uses a result of "zz", which is not a task',
    ]);
  });

  it('reports pipeline results that name an unknown task or an undeclared result', () => {
    const problems = problemsOf(
      task('work', { results: [{ name: 'commit' }] }),
      pipeline({
        tasks: [pipelineTask('a')],
        results: [
          { name: 'ok', value: '$(tasks.a.results.commit)' },
          { name: 'typo', value: '$(tasks.a.results.comit)' },
          { name: 'gone', value: '$(tasks.clone.results.commit)' },
        ],
      }),
    );
    expect(problems).toEqual([
      'Pipeline/p: a pipeline result uses result "comit" of "a", which its Task does not declare',
      'Pipeline/p: a pipeline result uses a result of "clone", which is not a task',
    ]);
  });

  it('reports undeclared params in pipelines and tasks', () => {
    const problems = problemsOf(
      task('work', {
        steps: [
          {
            name: 's',
            image: 'alpine',
            script: 'echo $(params.other) $(workspaces.cache.path)',
          },
        ],
      }),
      pipeline({
        tasks: [
          pipelineTask('a', {
            params: [{ name: 'app', value: '$(params.nope)' }],
          }),
        ],
      }),
    );
    expect(problems).toEqual([
      'Task/work: uses $(params.other), which is not declared',
      'Task/work: uses workspace "cache", which is not declared',
      'Pipeline/p: task "a" uses $(params.nope), which is not declared',
    ]);
  });

  it('reports required params and workspaces that are not passed, and unknown ones that are', () => {
    const problems = problemsOf(
      task('work'),
      pipeline({
        tasks: [
          pipelineTask('a', {
            params: [{ name: 'extra', value: 'x' }],
            workspaces: [],
          }),
        ],
      }),
    );
    expect(problems).toEqual([
      'Pipeline/p: task "a" passes param "extra", which its Task does not declare',
      'Pipeline/p: task "a" does not pass required param "app"',
      'Pipeline/p: task "a" does not bind required workspace "source"',
    ]);
  });

  it('reports a cycle', () => {
    const problems = problemsOf(
      task('work'),
      pipeline({
        tasks: [
          pipelineTask('a', { runAfter: ['c'] }),
          pipelineTask('b', { runAfter: ['a'] }),
          pipelineTask('c', {
            params: [{ name: 'app', value: '$(tasks.b.results.commit)' }],
          }),
        ],
      }),
    );
    expect(problems).toEqual(['Pipeline/p: has a cycle: a -> b -> c -> a']);
  });

  it('reports finally tasks that do not exist, use runAfter, or status outside finally', () => {
    const problems = problemsOf(
      task('work'),
      pipeline({
        tasks: [
          pipelineTask('a', {
            params: [{ name: 'app', value: '$(tasks.a.status)' }],
          }),
        ],
        finally: [
          pipelineTask('f', { taskRef: { name: 'gone' }, runAfter: ['a'] }),
        ],
      }),
    );
    expect(problems).toEqual([
      'Pipeline/p: task "a" reads $(tasks.a.status), allowed only in finally',
      'Pipeline/p: finally task "f" has runAfter; finally tasks run after all tasks',
      'Pipeline/p: finally task "f" refers to Task "gone", which does not exist',
    ]);
  });

  it('reports triggers that name missing templates, bindings and pipelines', () => {
    const problems = problemsOf(
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'TriggerTemplate',
        metadata: { name: 'tt' },
        spec: {
          params: [{ name: 'rev' }],
          resourcetemplates: [
            {
              kind: 'PipelineRun',
              spec: {
                pipelineRef: { name: 'missing' },
                params: [{ name: 'r', value: '$(tt.params.nope)' }],
              },
            },
          ],
        },
      },
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'EventListener',
        metadata: { name: 'el' },
        spec: {
          triggers: [
            { name: 't', bindings: [{ ref: 'nb' }], template: { ref: 'tt2' } },
          ],
        },
      },
    );
    expect(problems).toEqual([
      'TriggerTemplate/tt: uses $(tt.params.nope), which is not declared',
      'TriggerTemplate/tt: creates a PipelineRun of Pipeline "missing", which does not exist',
      'EventListener/el: trigger "t" uses TriggerBinding "nb", which does not exist',
      'EventListener/el: trigger "t" uses TriggerTemplate "tt2", which does not exist',
    ]);
  });
});

describe('validateGitOpsRepository, what is missing', () => {
  it('names the kind and name of each missing reference, and only of those', () => {
    const documents = [
      task('work'),
      pipeline({
        tasks: [
          pipelineTask('a', { taskRef: { name: 'gone' } }),
          pipelineTask('b', { runAfter: ['ghost'] }),
        ],
      }),
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'TriggerTemplate',
        metadata: { name: 'tt' },
        spec: {
          resourcetemplates: [
            { kind: 'PipelineRun', spec: { pipelineRef: { name: 'nope' } } },
          ],
        },
      },
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'EventListener',
        metadata: { name: 'el' },
        spec: {
          triggers: [
            { name: 't', bindings: [{ ref: 'nb' }], template: { ref: 'tt2' } },
          ],
        },
      },
    ];
    const problems = validateGitOpsRepository([
      { path: 'tekton/all.yaml', documents },
    ]);
    expect(problems.map(p => p.missing)).toEqual([
      { kind: 'Task', name: 'gone' },
      undefined, // runAfter "ghost": wrong in the file itself, not missing elsewhere
      { kind: 'Pipeline', name: 'nope' },
      { kind: 'TriggerBinding', name: 'nb' },
      { kind: 'TriggerTemplate', name: 'tt2' },
    ]);
  });
});

describe('validateGitOpsRepository, Argo CD', () => {
  const application = (
    name: string,
    wave: string | undefined,
    path: string,
  ) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      annotations:
        wave === undefined ? {} : { 'argocd.argoproj.io/sync-wave': wave },
    },
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example/repo.git', path },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'x' },
    },
  });
  const files = (apps: unknown[]): RepositoryFile[] => [
    { path: 'argocd/applications/apps.yaml', documents: apps },
    { path: 'deploy/tasks/task.yaml', documents: [task('work')] },
    {
      path: 'deploy/mixed/all.yaml',
      documents: [
        task('other'),
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' } },
      ],
    },
  ];

  it('accepts an Application in the wave of its contents', () => {
    expect(
      validateGitOpsRepository(
        files([application('tasks', '1', 'deploy/tasks')]),
      ),
    ).toEqual([]);
  });

  it('reports a missing path, a wrong or missing wave, and mixed waves', () => {
    const problems = validateGitOpsRepository(
      files([
        application('gone', '1', 'deploy/nowhere'),
        application('late', '3', 'deploy/tasks'),
        application('unannotated', undefined, 'deploy/tasks/'),
        application('mixed', '1', 'deploy/mixed'),
      ]),
    ).map(p => `${p.resource}: ${p.message}`);
    expect(problems).toEqual([
      'Application/gone: points at path "deploy/nowhere", which does not exist in the repository',
      'Application/late: installs Task in sync wave 3; the order is wave 1 (Tasks)',
      'Application/unannotated: installs Task but has no argocd.argoproj.io/sync-wave annotation (expected "1", Tasks)',
      'Application/mixed: mixes resources of different sync waves: ServiceAccount (wave 0); Task (wave 1)',
    ]);
  });

  it('reports an unknown AppProject', () => {
    const app = application('tasks', '1', 'deploy/tasks');
    app.spec.project = 'nope';
    expect(validateGitOpsRepository(files([app]))).toEqual([
      expect.objectContaining({
        message: 'belongs to AppProject "nope", which does not exist',
        missing: { kind: 'AppProject', name: 'nope' },
      }),
    ]);
  });
});
