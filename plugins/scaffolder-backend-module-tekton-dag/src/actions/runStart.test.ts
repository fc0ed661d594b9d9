import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  createCheckpointStore,
  createWorkspace,
  exampleSteps,
  runAction,
} from '../__testUtils__/actionTesting';
import { startFakeTektonDagApi } from '../__testUtils__/fakeTektonDagApi';
import { createRunStartAction } from './runStart';
import { examples } from './runStart.examples';

const APP = 'http://localhost:3000';

describe('tekton-dag:run:start', () => {
  let api: Awaited<ReturnType<typeof startFakeTektonDagApi>>;
  let workspace: string;

  beforeEach(async () => {
    api = await startFakeTektonDagApi();
    workspace = createWorkspace();
  });

  afterEach(async () => {
    await api.stop();
  });

  function createAction(pollIntervalMs = 10) {
    return createRunStartAction({
      config: new ConfigReader({ app: { baseUrl: APP } }),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async (pluginId: string) => {
          expect(pluginId).toBe('tekton-dag');
          return api.baseUrl;
        },
      }),
      auth: mockServices.auth(),
      pollIntervalMs,
    });
  }

  const steps = exampleSteps(examples);
  const userToken = `Bearer ${mockCredentials.service.token({
    onBehalfOf: mockCredentials.user(),
    targetPluginId: 'tekton-dag',
  })}`;

  describe.each(steps.map(s => [s.description, s]))(
    'example: %s',
    (_description, step) => {
      it('outputs a placeholder in a dry run, without calling the API', async () => {
        expect(step.action).toBe('tekton-dag:run:start');
        const output = await runAction(createAction(), {
          input: step.input,
          workspacePath: workspace,
          isDryRun: true,
        });
        const name = step.input.entityRef.replace(/^.*\//, '');
        expect(output).toEqual({
          runId: 'dry-run',
          runName: `${step.input.pipeline}-dry-run`,
          status: 'Pending',
          url: `${APP}/catalog/default/component/${name}/pipelines`,
          path: `/catalog/default/component/${name}/pipelines`,
        });
        expect(api.requests).toEqual([]);
      });

      it('starts a run on behalf of the user', async () => {
        const output = await runAction(createAction(), {
          input: step.input,
          workspacePath: workspace,
        });
        const name = step.input.entityRef.replace(/^.*\//, '');
        const [post, ...gets] = api.requests;
        expect(post).toEqual({
          method: 'POST',
          path: `/api/tekton-dag/entities/component/default/${name}/runs`,
          authorization: userToken,
          body: {
            pipeline: step.input.pipeline,
            ...(step.input.params ? { params: step.input.params } : {}),
            ...(step.input.cluster ? { cluster: step.input.cluster } : {}),
          },
        });
        expect(output).toEqual({
          runId: 'run-1',
          runName: `${step.input.pipeline}-abcd1`,
          status: step.input.wait ? 'Succeeded' : 'Pending',
          url: `${APP}/catalog/default/component/${name}/pipelines/runs/run-1`,
          path: `/catalog/default/component/${name}/pipelines/runs/run-1`,
        });
        // Waiting, the run is read until it has finished: Running, then Succeeded.
        const run = {
          method: 'GET',
          path: '/api/tekton-dag/runs/run-1',
          authorization: userToken,
          body: undefined,
        };
        expect(gets).toEqual(step.input.wait ? [run, run] : []);
      });
    },
  );

  it('does not start a second run when a retried step finds its checkpoint', async () => {
    const checkpoints = createCheckpointStore();
    const input = { ...steps[1].input, requireSuccess: false };
    const first = await runAction(createAction(), {
      input,
      workspacePath: workspace,
      checkpoints,
    });
    // The retry waits for the same run again.
    api.setStatuses(['Running', 'Failed']);
    const second = await runAction(createAction(), {
      input,
      workspacePath: workspace,
      checkpoints,
    });
    expect(api.requests.filter(r => r.method === 'POST')).toHaveLength(1);
    expect(first).toMatchObject({ runId: 'run-1', status: 'Succeeded' });
    expect(second).toEqual({ ...first, status: 'Failed' });
  });

  it('polls every interval until the run has finished', async () => {
    api.setStatuses(['Pending', 'Running', 'Running', 'Succeeded']);
    const started = Date.now();
    const output = await runAction(createAction(50), {
      input: { entityRef: 'shop-api', pipeline: 'pr-pipeline', wait: true },
      workspacePath: workspace,
    });
    expect(output.status).toBe('Succeeded');
    expect(api.requests.filter(r => r.method === 'GET')).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 50 - 10);
  });

  it('fails the step when the run fails and success is required', async () => {
    api.setStatuses(['Running', 'Failed']);
    await expect(
      runAction(createAction(), {
        input: steps[1].input,
        workspacePath: workspace,
      }),
    ).rejects.toThrow(
      `Run pr-pipeline-abcd1 of pr-pipeline ended Failed: ${APP}/catalog/default/component/shop-web/pipelines/runs/run-1`,
    );
  });

  it('outputs the status so far when the run outlasts the timeout', async () => {
    api.setStatuses(['Running']);
    const input = {
      entityRef: 'component:default/shop-api',
      pipeline: 'pr-pipeline',
      wait: true,
      timeoutSeconds: 1,
    };
    const output = await runAction(createAction(100), {
      input,
      workspacePath: workspace,
    });
    expect(output.status).toBe('Running');
    await expect(
      runAction(createAction(100), {
        input: { ...input, requireSuccess: true },
        workspacePath: workspace,
      }),
    ).rejects.toThrow('did not finish (Running)');
  });

  it("uses the scaffolder's own credentials when the task has no user", async () => {
    await runAction(createAction(), {
      input: steps[0].input,
      workspacePath: workspace,
      getInitiatorCredentials: async () => mockCredentials.none(),
    });
    expect(api.requests[0].authorization).toBe(
      `Bearer ${mockCredentials.service.token({
        onBehalfOf: mockCredentials.service('plugin:test'),
        targetPluginId: 'tekton-dag',
      })}`,
    );
  });

  it("fails with the API's message", async () => {
    await api.stop();
    api = await startFakeTektonDagApi({
      failPost: {
        status: 404,
        message: 'No entity component:default/nothing in the catalog',
      },
    });
    await expect(
      runAction(createAction(), {
        input: { entityRef: 'nothing', pipeline: 'pr-pipeline' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(
      'The tekton-dag API answered POST /entities/component/default/nothing/runs with 404 Not Found: No entity component:default/nothing in the catalog',
    );
  });

  it('keeps trying while the entity is not in the catalog yet, within startTimeoutSeconds', async () => {
    await api.stop();
    const message = 'No entity component:default/hello-service in the catalog';
    api = await startFakeTektonDagApi({
      failPost: { status: 404, message, times: 3 },
    });
    const output = await runAction(createAction(), {
      input: {
        entityRef: 'hello-service',
        pipeline: 'hello-service-ci',
        startTimeoutSeconds: 30,
      },
      workspacePath: workspace,
    });
    expect(output.runName).toBe('hello-service-ci-abcd1');
    expect(api.requests.filter(r => r.method === 'POST')).toHaveLength(4);

    // Without startTimeoutSeconds the first refusal fails the step.
    await api.stop();
    api = await startFakeTektonDagApi({
      failPost: { status: 404, message, times: 1 },
    });
    await expect(
      runAction(createAction(), {
        input: { entityRef: 'hello-service', pipeline: 'hello-service-ci' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(message);
    expect(api.requests.filter(r => r.method === 'POST')).toHaveLength(1);
  });

  it('does not retry refusals other than not found', async () => {
    await api.stop();
    api = await startFakeTektonDagApi({
      failPost: { status: 403, message: 'not allowed', times: 1 },
    });
    await expect(
      runAction(createAction(), {
        input: {
          entityRef: 'hello-service',
          pipeline: 'hello-service-ci',
          startTimeoutSeconds: 30,
        },
        workspacePath: workspace,
      }),
    ).rejects.toThrow('403');
    expect(api.requests.filter(r => r.method === 'POST')).toHaveLength(1);
  });

  it('refuses an entity ref that does not parse', async () => {
    await expect(
      runAction(createAction(), {
        input: {
          entityRef: 'component:default/shop api',
          pipeline: 'pr-pipeline',
        },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(InputError);
    await expect(
      runAction(createAction(), {
        input: { entityRef: 'a:b:c/d/e', pipeline: 'pr-pipeline' },
        workspacePath: workspace,
      }),
    ).rejects.toThrow(
      'entityRef "a:b:c/d/e" is not an entity ref such as component:default/shop-api',
    );
    expect(api.requests).toEqual([]);
  });

  it('stops waiting when the step is cancelled', async () => {
    api.setStatuses(['Running']);
    const controller = new AbortController();
    const running = runAction(createAction(1000), {
      input: { entityRef: 'shop-api', pipeline: 'pr-pipeline', wait: true },
      workspacePath: workspace,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toThrow('The step was cancelled');
  });
});
