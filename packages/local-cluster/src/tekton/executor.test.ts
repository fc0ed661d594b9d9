import { useTemporaryCluster } from '../__testUtils__/temporaryCluster';

jest.setTimeout(60_000);

describe('the Tekton executor', () => {
  const local = useTemporaryCluster({ executor: true });
  let counter = 0;

  const type = (plural: string) =>
    local.cluster.store.findType(
      plural === 'pods' ? '' : 'tekton.dev',
      plural === 'pods' ? 'v1' : 'v1',
      plural,
    )!;

  const step = (script: string, name = 'run') => ({
    name,
    image: 'docker.io/library/alpine:3',
    script,
  });

  /** Creates a PipelineRun of an embedded pipeline and resolves with it once it finishes. */
  function run(
    pipelineSpec: any,
    spec: Record<string, unknown> = {},
    beforeCreate?: (name: string) => void,
  ): Promise<any> {
    const name = `run-${++counter}`;
    const done = new Promise<any>(resolve => {
      const stop = local.cluster.store.onChange(event => {
        const condition = event.object?.status?.conditions?.[0];
        if (
          event.object?.kind === 'PipelineRun' &&
          event.object.metadata.name === name &&
          condition &&
          condition.status !== 'Unknown'
        ) {
          stop();
          resolve(event.object);
        }
      });
    });
    // Before creating: the executor starts the first steps synchronously.
    beforeCreate?.(name);
    local.cluster.store.create(type('pipelineruns'), 'default', {
      metadata: { name },
      spec: { pipelineSpec, ...spec },
    });
    return done;
  }

  const taskRunsOf = (runName: string) =>
    local.cluster.store.list(type('taskruns'), {
      namespace: 'default',
      labelSelector: [l => l['tekton.dev/pipelineRun'] === runName],
      fieldSelector: [],
    }).items;
  const taskRun = (runName: string, task: string) =>
    taskRunsOf(runName).find(
      t => t.metadata.labels['tekton.dev/pipelineTask'] === task,
    );
  const condition = (object: any) => object.status.conditions[0];

  const workspace = { workspaces: [{ name: 'ws', emptyDir: {} }] };

  it('substitutes params (string, array, object, defaults), results and context, in Tekton status shape', async () => {
    const finished = await run(
      {
        params: [
          { name: 'greeting', default: 'hello' },
          { name: 'names', type: 'array' },
          {
            name: 'target',
            type: 'object',
            properties: { host: {}, port: {} },
          },
        ],
        results: [{ name: 'final', value: '$(tasks.consume.results.echoed)' }],
        tasks: [
          {
            name: 'produce',
            taskSpec: {
              results: [{ name: 'word' }],
              steps: [
                step(
                  'printf "%s-%s" "$(params.greeting)" "$(context.pipelineRun.name)" > $(results.word.path)',
                ),
              ],
            },
          },
          {
            name: 'consume',
            params: [
              { name: 'word', value: '$(tasks.produce.results.word)' },
              { name: 'names', value: ['$(params.names[*])'] },
              { name: 'host', value: '$(params.target.host)' },
            ],
            taskSpec: {
              params: [
                { name: 'word' },
                { name: 'names', type: 'array' },
                { name: 'host' },
              ],
              results: [{ name: 'echoed' }],
              steps: [
                {
                  name: 'args',
                  image: 'alpine',
                  command: ['sh', '-c', 'echo "$#: $*"', '--'],
                  args: ['$(params.names[*])'],
                },
                step(
                  'printf "%s@%s" "$(params.word)" "$(params.host)" | tee $(results.echoed.path)',
                  'echo',
                ),
              ],
            },
          },
        ],
      },
      {
        params: [
          { name: 'names', value: ['ada', 'grace'] },
          { name: 'target', value: { host: 'db', port: '5432' } },
        ],
      },
    );
    const name = finished.metadata.name;
    expect(condition(finished)).toMatchObject({
      type: 'Succeeded',
      status: 'True',
      reason: 'Succeeded',
    });
    expect(finished.status.results).toEqual([
      { name: 'final', value: `hello-${name}@db` },
    ]);
    expect(finished.status.startTime).toBeDefined();
    expect(finished.status.completionTime).toBeDefined();
    expect(
      finished.status.childReferences.map((c: any) => [
        c.kind,
        c.pipelineTaskName,
      ]),
    ).toEqual([
      ['TaskRun', 'produce'],
      ['TaskRun', 'consume'],
    ]);

    const consume = taskRun(name, 'consume');
    expect(consume.metadata.ownerReferences[0]).toMatchObject({
      kind: 'PipelineRun',
      uid: finished.metadata.uid,
    });
    expect(
      consume.status.steps.map((s: any) => [s.name, s.terminated.exitCode]),
    ).toEqual([
      ['args', 0],
      ['echo', 0],
    ]);
    expect(consume.status.results).toEqual([
      { name: 'echoed', type: 'string', value: `hello-${name}@db` },
    ]);
    expect(
      local.cluster.logs.read('default', consume.status.podName, 'step-args'),
    ).toBe('2: ada grace\n');
  });

  it('runs independent tasks in parallel and shares workspaces between tasks', async () => {
    // Each waits for the other to have started: run one after the other, they would time out.
    const meet = (me: string, other: string) =>
      step(
        `touch $(workspaces.ws.path)/${me}; for i in $(seq 1 100); do [ -f $(workspaces.ws.path)/${other} ] && exit 0; sleep 0.1; done; exit 1`,
      );
    const finished = await run(
      {
        workspaces: [{ name: 'ws' }],
        tasks: [
          {
            name: 'left',
            workspaces: [{ name: 'ws', workspace: 'ws' }],
            taskSpec: {
              workspaces: [{ name: 'ws' }],
              steps: [meet('left', 'right')],
            },
          },
          {
            name: 'right',
            workspaces: [{ name: 'ws', workspace: 'ws' }],
            taskSpec: {
              workspaces: [{ name: 'ws' }],
              steps: [meet('right', 'left')],
            },
          },
          {
            name: 'after',
            runAfter: ['left', 'right'],
            workspaces: [{ name: 'ws', workspace: 'ws' }],
            taskSpec: {
              workspaces: [{ name: 'ws' }],
              steps: [step('ls $(workspaces.ws.path) | tr "\\n" " "')],
            },
          },
        ],
      },
      workspace,
    );
    expect(condition(finished).reason).toBe('Succeeded');
    const after = taskRun(finished.metadata.name, 'after');
    expect(
      local.cluster.logs.read('default', after.status.podName, 'step-run'),
    ).toBe('left right \n');
  });

  it("gives steps a clean environment: the host's variables do not leak in", async () => {
    process.env.TEKTON_DAG_HOST_SECRET = 'do-not-leak';
    process.env.NODE_TEST_CONTEXT = 'child-v8';
    try {
      const finished = await run({
        tasks: [
          {
            name: 'env',
            taskSpec: {
              steps: [
                step(
                  'echo "secret=${TEKTON_DAG_HOST_SECRET:-none} ctx=${NODE_TEST_CONTEXT:-none} home=${HOME:+set}"; command -v sh >/dev/null && echo path-ok',
                ),
              ],
            },
          },
        ],
      });
      expect(condition(finished).reason).toBe('Succeeded');
      const env = taskRun(finished.metadata.name, 'env');
      expect(
        local.cluster.logs.read('default', env.status.podName, 'step-run'),
      ).toBe('secret=none ctx=none home=set\npath-ok\n');
    } finally {
      delete process.env.TEKTON_DAG_HOST_SECRET;
      delete process.env.NODE_TEST_CONTEXT;
    }
  });

  it('skips tasks whose when expressions are false and reports them; dependents still run', async () => {
    const finished = await run({
      params: [{ name: 'deploy', default: 'false' }],
      tasks: [
        {
          name: 'deploy',
          when: [
            { input: '$(params.deploy)', operator: 'in', values: ['true'] },
          ],
          taskSpec: { steps: [step('exit 1')] },
        },
        {
          name: 'notify',
          runAfter: ['deploy'],
          taskSpec: { steps: [step('echo notified')] },
        },
      ],
    });
    expect(condition(finished)).toMatchObject({
      status: 'True',
      reason: 'Completed',
    });
    expect(finished.status.skippedTasks).toEqual([
      {
        name: 'deploy',
        reason: 'When Expressions evaluated to false',
        // As Tekton reports them: with the params substituted.
        whenExpressions: [{ input: 'false', operator: 'in', values: ['true'] }],
      },
    ]);
    expect(
      taskRun(finished.metadata.name, 'notify').status.conditions[0].reason,
    ).toBe('Succeeded');
  });

  it('stops after a failing task, skips the rest, and still runs finally with the task status', async () => {
    const finished = await run({
      tasks: [
        {
          name: 'test',
          taskSpec: {
            steps: [
              step('echo "1 failing test"; exit 3', 'unit'),
              step('echo never', 'later'),
            ],
          },
        },
        {
          name: 'deploy',
          runAfter: ['test'],
          taskSpec: { steps: [step('echo deploy')] },
        },
      ],
      finally: [
        {
          name: 'report',
          params: [
            { name: 'status', value: '$(tasks.test.status)' },
            { name: 'all', value: '$(tasks.status)' },
          ],
          taskSpec: {
            params: [{ name: 'status' }, { name: 'all' }],
            steps: [step('echo "test: $(params.status), all: $(params.all)"')],
          },
        },
      ],
    });
    const name = finished.metadata.name;
    expect(condition(finished)).toMatchObject({
      status: 'False',
      reason: 'Failed',
    });
    const test = taskRun(name, 'test');
    expect(test.status.conditions[0]).toMatchObject({
      reason: 'Failed',
      message: '"step-unit" exited with code 3',
    });
    expect(
      test.status.steps.map((s: any) => [
        s.name,
        s.terminated.exitCode,
        s.terminated.reason,
      ]),
    ).toEqual([
      ['unit', 3, 'Error'],
      ['later', 1, 'Skipped'],
    ]);
    expect(taskRun(name, 'deploy')).toBeUndefined();
    expect(finished.status.skippedTasks).toEqual([
      { name: 'deploy', reason: 'PipelineRun was stopping' },
    ]);
    expect(
      local.cluster.logs.read(
        'default',
        taskRun(name, 'report').status.podName,
        'step-run',
      ),
    ).toBe('test: Failed, all: Failed\n');
  });

  it('retries a failing task', async () => {
    const finished = await run(
      {
        workspaces: [{ name: 'ws' }],
        tasks: [
          {
            name: 'flaky',
            retries: 2,
            workspaces: [{ name: 'ws', workspace: 'ws' }],
            taskSpec: {
              workspaces: [{ name: 'ws' }],
              steps: [
                step(
                  'f=$(workspaces.ws.path)/tries; echo x >> $f; [ $(wc -l < $f) -ge 2 ]',
                ),
              ],
            },
          },
        ],
      },
      workspace,
    );
    expect(condition(finished).reason).toBe('Succeeded');
    const flaky = taskRun(finished.metadata.name, 'flaky');
    expect(flaky.status.retriesStatus).toHaveLength(1);
    expect(flaky.status.retriesStatus[0].conditions[0].reason).toBe('Failed');
    expect(flaky.status.podName).toMatch(/-pod-retry1$/);
  });

  it('times out a task and a pipeline', async () => {
    const taskTimeout = await run({
      tasks: [
        {
          name: 'slow',
          timeout: '1s',
          taskSpec: { steps: [step('sleep 30')] },
        },
      ],
    });
    expect(condition(taskTimeout).reason).toBe('Failed');
    expect(
      taskRun(taskTimeout.metadata.name, 'slow').status.conditions[0].reason,
    ).toBe('TaskRunTimeout');

    const pipelineTimeout = await run(
      { tasks: [{ name: 'slow', taskSpec: { steps: [step('sleep 30')] } }] },
      { timeouts: { pipeline: '1s' } },
    );
    expect(condition(pipelineTimeout)).toMatchObject({
      status: 'False',
      reason: 'PipelineRunTimeout',
    });
  });

  describe('cancellation through spec.status', () => {
    const longPipeline = {
      tasks: [
        { name: 'long', taskSpec: { steps: [step('sleep 30')] } },
        {
          name: 'next',
          runAfter: ['long'],
          taskSpec: { steps: [step('echo next')] },
        },
      ],
      finally: [
        { name: 'cleanup', taskSpec: { steps: [step('echo cleanup')] } },
      ],
    };
    const cancelWhenRunning = (mode: string) => (name: string) => {
      const stop = local.cluster.store.onChange(event => {
        if (
          event.object?.kind === 'TaskRun' &&
          event.object.metadata.labels['tekton.dev/pipelineRun'] === name &&
          event.object.status?.steps?.[0]?.running
        ) {
          stop();
          setImmediate(() => {
            const current = local.cluster.store.get(
              type('pipelineruns'),
              'default',
              name,
            );
            local.cluster.store.update(type('pipelineruns'), 'default', name, {
              ...current,
              spec: { ...current.spec, status: mode },
            });
          });
        }
      });
    };

    it('Cancelled stops the running task and skips finally', async () => {
      const finished = await run(
        longPipeline,
        {},
        cancelWhenRunning('Cancelled'),
      );
      expect(condition(finished)).toMatchObject({
        status: 'False',
        reason: 'Cancelled',
      });
      expect(
        taskRun(finished.metadata.name, 'long').status.conditions[0].reason,
      ).toBe('TaskRunCancelled');
      expect(taskRun(finished.metadata.name, 'cleanup')).toBeUndefined();
    });

    it('CancelledRunFinally stops the running task and runs finally', async () => {
      const finished = await run(
        longPipeline,
        {},
        cancelWhenRunning('CancelledRunFinally'),
      );
      expect(condition(finished).reason).toBe('Cancelled');
      expect(
        taskRun(finished.metadata.name, 'long').status.conditions[0].reason,
      ).toBe('TaskRunCancelled');
      expect(
        taskRun(finished.metadata.name, 'cleanup').status.conditions[0].reason,
      ).toBe('Succeeded');
    });

    it('StoppedRunFinally lets the running task finish, starts nothing new, and runs finally', async () => {
      const quick = {
        ...longPipeline,
        tasks: [
          { name: 'long', taskSpec: { steps: [step('sleep 1')] } },
          longPipeline.tasks[1],
        ],
      };
      const finished = await run(
        quick,
        {},
        cancelWhenRunning('StoppedRunFinally'),
      );
      expect(condition(finished).reason).toBe('Cancelled');
      expect(
        taskRun(finished.metadata.name, 'long').status.conditions[0].reason,
      ).toBe('Succeeded');
      expect(taskRun(finished.metadata.name, 'next')).toBeUndefined();
      expect(
        taskRun(finished.metadata.name, 'cleanup').status.conditions[0].reason,
      ).toBe('Succeeded');
    });
  });

  it('fans a matrix out into one TaskRun per combination', async () => {
    const finished = await run({
      tasks: [
        {
          name: 'test',
          matrix: {
            params: [
              { name: 'node', value: ['20', '22'] },
              { name: 'os', value: ['linux', 'mac'] },
            ],
          },
          taskSpec: {
            params: [{ name: 'node' }, { name: 'os' }],
            results: [{ name: 'combo' }],
            steps: [
              step(
                'printf "%s-%s" $(params.node) $(params.os) > $(results.combo.path)',
              ),
            ],
          },
        },
        {
          name: 'collect',
          params: [{ name: 'all', value: '$(tasks.test.results.combo[*])' }],
          taskSpec: {
            params: [{ name: 'all', type: 'array' }],
            steps: [
              {
                name: 'run',
                image: 'alpine',
                command: ['echo'],
                args: ['$(params.all[*])'],
              },
            ],
          },
        },
      ],
    });
    expect(condition(finished).reason).toBe('Succeeded');
    const runs = taskRunsOf(finished.metadata.name).filter(
      t => t.metadata.labels['tekton.dev/pipelineTask'] === 'test',
    );
    expect(runs.map(t => t.status.results[0].value).sort()).toEqual([
      '20-linux',
      '20-mac',
      '22-linux',
      '22-mac',
    ]);
    expect(
      local.cluster.logs.read(
        'default',
        taskRun(finished.metadata.name, 'collect').status.podName,
        'step-run',
      ),
    ).toBe('20-linux 20-mac 22-linux 22-mac\n');
  });

  it('gives steps env values from Secrets and ConfigMaps, and fails on a missing required one', async () => {
    local.cluster.store.create(
      local.cluster.store.findType('', 'v1', 'secrets')!,
      'default',
      {
        metadata: { name: 'token' },
        data: { value: Buffer.from('s3cr3t').toString('base64') },
      },
    );
    local.cluster.store.create(
      local.cluster.store.findType('', 'v1', 'configmaps')!,
      'default',
      {
        metadata: { name: 'settings' },
        data: { mode: 'fast' },
      },
    );
    const envStep = (env: any[]) => ({
      ...step('echo "$TOKEN/$MODE/${OPTIONAL:-unset}"'),
      env,
    });
    const ok = await run({
      tasks: [
        {
          name: 'env',
          taskSpec: {
            steps: [
              envStep([
                {
                  name: 'TOKEN',
                  valueFrom: { secretKeyRef: { name: 'token', key: 'value' } },
                },
                {
                  name: 'MODE',
                  valueFrom: {
                    configMapKeyRef: { name: 'settings', key: 'mode' },
                  },
                },
                {
                  name: 'OPTIONAL',
                  valueFrom: {
                    secretKeyRef: { name: 'absent', key: 'x', optional: true },
                  },
                },
              ]),
            ],
          },
        },
      ],
    });
    expect(
      local.cluster.logs.read(
        'default',
        taskRun(ok.metadata.name, 'env').status.podName,
        'step-run',
      ),
    ).toBe('s3cr3t/fast/unset\n');

    const missing = await run({
      tasks: [
        {
          name: 'env',
          taskSpec: {
            steps: [
              envStep([
                {
                  name: 'TOKEN',
                  valueFrom: { secretKeyRef: { name: 'absent', key: 'x' } },
                },
              ]),
            ],
          },
        },
      ],
    });
    expect(condition(missing).reason).toBe('Failed');
    expect(
      taskRun(missing.metadata.name, 'env').status.conditions[0],
    ).toMatchObject({
      reason: 'CreateContainerConfigError',
      message: 'secret "absent" (key "x") not found',
    });
  });

  it("fails with Tekton's reasons when the pipeline or a param is missing", async () => {
    const noPipeline = await run(undefined, {
      pipelineRef: { name: 'missing' },
    });
    expect(condition(noPipeline)).toMatchObject({
      status: 'False',
      reason: 'CouldntGetPipeline',
    });
    const noParam = await run({
      params: [{ name: 'required' }],
      tasks: [{ name: 't', taskSpec: { steps: [step('true')] } }],
    });
    expect(condition(noParam)).toMatchObject({
      status: 'False',
      reason: 'ParameterMissing',
    });
  });
});
