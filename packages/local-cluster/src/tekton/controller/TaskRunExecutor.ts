import fs from 'fs';
import path from 'path';
import { paramTypeOf } from '@tekton-dag/plugin-tekton-dag-common';
import type {
  PipelineTask,
  TaskSpec,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { ObjectStore } from '../../apiserver/ObjectStore';
import { parseDuration } from '../duration';
import type { LogStore } from '../LogStore';
import type { TaskState } from '../scheduler/dagScheduler';
import { ResolvedStep, runSteps, StepOutcome } from '../StepRunner';
import {
  substituteDeep,
  substituteString,
  Value,
  Variables,
} from '../substitution';
import { RunError } from './RunError';
import type { GivenParams, SpecResolver } from './SpecResolver';
import { containerState, now, StatusWriter } from './StatusWriter';

/** The abort reason of a PipelineRun's timeout (anything else that aborts is a cancellation). */
export const TIMED_OUT = 'PipelineRunTimeout';

export interface TaskOutcome {
  state: TaskState;
  results: Record<string, Value>;
}

/** A PipelineRun's status.childReferences entry. */
export interface ChildReference {
  apiVersion: string;
  kind: string;
  name: string;
  pipelineTaskName: string;
}

/** What running one pipeline task needs from its run. */
export interface TaskContext {
  run: any;
  task: PipelineTask;
  variables: Variables;
  workspaces: Record<string, string>;
  runDir: string;
  signal: AbortSignal;
  childReferences: ChildReference[];
  onChange: () => void;
}

/** The first state of `order` that any of `states` has, else `otherwise`. */
function firstOf<T>(states: T[], order: T[], otherwise: T): T {
  return order.find(state => states.includes(state)) ?? otherwise;
}

/**
 * Runs one pipeline task as Tekton does: a TaskRun per matrix combination, each attempt (with
 * retries) a Pod whose steps run as local processes (StepRunner), status written in Tekton's
 * shape (StatusWriter), results read from the step's result files.
 */
export class TaskRunExecutor {
  constructor(
    private readonly options: {
      store: ObjectStore;
      logs: LogStore;
      writer: StatusWriter;
      resolver: SpecResolver;
      /** Extra environment for every step, e.g. git's url.<local>.insteadOf mapping. */
      stepEnv?: Record<string, string>;
    },
  ) {}

  async runPipelineTask(
    args: TaskContext & { isFinally: boolean },
  ): Promise<TaskOutcome> {
    const { run, task } = args;
    const namespace = run.metadata.namespace;
    const taskSpec = this.options.resolver.taskSpec(namespace, task);
    const combos = this.options.resolver.combinations(task, args.variables);
    const names =
      combos.length === 1 && !task.matrix
        ? [`${run.metadata.name}-${task.name}`]
        : combos.map((_, i) => `${run.metadata.name}-${task.name}-${i}`);
    const outcomes = await Promise.all(
      combos.map((params, i) =>
        this.runTaskRun({ ...args, taskSpec, params, taskRunName: names[i] }),
      ),
    );
    const state = firstOf<TaskState>(
      outcomes.map(o => o.state),
      ['failed', 'cancelled', 'running', 'pending', 'skipped'],
      'succeeded',
    );
    // A matrixed task's results are arrays of each TaskRun's string results.
    const results: Record<string, Value> =
      outcomes.length === 1 && !task.matrix
        ? outcomes[0].results
        : Object.fromEntries(
            (taskSpec.results ?? []).map(r => [
              r.name,
              outcomes.map(o => String(o.results[r.name] ?? '')),
            ]),
          );
    return { state, results };
  }

  private async runTaskRun(
    args: TaskContext & {
      taskSpec: TaskSpec;
      params: GivenParams;
      taskRunName: string;
    },
  ): Promise<TaskOutcome> {
    const { run, task, taskSpec, taskRunName, runDir } = args;
    const { store } = this.options;
    const namespace = run.metadata.namespace;
    const labels = {
      ...(run.metadata.labels ?? {}),
      'tekton.dev/pipelineRun': run.metadata.name,
      'tekton.dev/pipelineRunUID': run.metadata.uid,
      'tekton.dev/pipeline': run.spec?.pipelineRef?.name ?? run.metadata.name,
      'tekton.dev/pipelineTask': task.name,
      ...(task.taskRef?.name ? { 'tekton.dev/task': task.taskRef.name } : {}),
    };
    const taskRunOwner = [
      {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        name: run.metadata.name,
        uid: run.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
    const taskParams = this.options.resolver.params(
      taskSpec.params,
      args.params,
      'ParameterMissing',
      `TaskRun ${taskRunName}`,
    );
    const timeout = parseDuration(task.timeout);

    const taskRun = store.create(
      this.options.writer.types.taskRuns,
      namespace,
      {
        metadata: { name: taskRunName, labels, ownerReferences: taskRunOwner },
        spec: {
          params: Object.entries(taskParams).map(([name, value]) => ({
            name,
            value,
          })),
          ...(task.taskRef ? { taskRef: task.taskRef } : { taskSpec }),
          workspaces: (task.workspaces ?? []).map(w => ({
            name: w.name,
            emptyDir: {},
          })),
          timeout: task.timeout,
          serviceAccountName:
            run.spec?.taskRunTemplate?.serviceAccountName ?? 'default',
        },
      },
    );
    args.childReferences.push({
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      name: taskRunName,
      pipelineTaskName: task.name,
    });
    args.onChange();

    // The task's own variables: params, workspaces, result paths, context.
    const variables: Variables = new Map(args.variables);
    for (const [key, value] of Object.entries(taskParams))
      variables.set(`params.${key}`, value);
    variables.set('context.taskRun.name', taskRunName);
    variables.set('context.taskRun.namespace', namespace);
    variables.set('context.taskRun.uid', taskRun.metadata.uid);
    variables.set('context.task.name', task.taskRef?.name ?? task.name);
    for (const binding of task.workspaces ?? []) {
      const dir = args.workspaces[binding.workspace ?? binding.name];
      if (dir)
        variables.set(
          `workspaces.${binding.name}.path`,
          binding.subPath ? path.join(dir, binding.subPath) : dir,
        );
      variables.set(`workspaces.${binding.name}.bound`, dir ? 'true' : 'false');
    }
    const retries = Number(task.retries ?? 0);
    const retriesStatus: any[] = [];
    let attempt = 0;
    for (;;) {
      const podName =
        attempt === 0
          ? `${taskRunName}-pod`
          : `${taskRunName}-pod-retry${attempt}`;
      const attemptDir = path.join(runDir, 'taskruns', podName);
      const resultsDir = path.join(attemptDir, 'results');
      fs.mkdirSync(resultsDir, { recursive: true });
      for (const result of taskSpec.results ?? [])
        variables.set(
          `results.${result.name}.path`,
          path.join(resultsDir, result.name),
        );
      const outcome = await this.runAttempt({
        ...args,
        namespace,
        podName,
        attemptDir,
        resultsDir,
        variables,
        timeout,
        retriesStatus,
        labels,
      });
      if (
        outcome.state !== 'failed' ||
        attempt >= retries ||
        args.signal.aborted
      )
        return outcome;
      const current = store.tryGet(
        this.options.writer.types.taskRuns,
        namespace,
        taskRunName,
      );
      if (current?.status) retriesStatus.push(current.status);
      attempt += 1;
    }
  }

  private resolveEnv(
    namespace: string,
    env: any[] = [],
    variables: Variables,
  ): Record<string, string> {
    const { store } = this.options;
    const result: Record<string, string> = {};
    for (const entry of env) {
      if (entry.value !== undefined)
        result[entry.name] = substituteString(String(entry.value), variables);
      // secretKeyRef and configMapKeyRef read alike; a Secret's data is base64.
      for (const [ref, plural, decode] of [
        [entry.valueFrom?.secretKeyRef, 'secrets', true],
        [entry.valueFrom?.configMapKeyRef, 'configmaps', false],
      ] as const) {
        if (!ref) continue;
        const source = store.tryGet(
          store.findType('', 'v1', plural)!,
          namespace,
          ref.name,
        );
        const data = source?.data?.[ref.key];
        if (data !== undefined) {
          result[entry.name] = decode
            ? Buffer.from(data, 'base64').toString('utf8')
            : data;
        } else if (source?.stringData?.[ref.key] !== undefined) {
          result[entry.name] = source.stringData[ref.key];
        } else if (!ref.optional) {
          throw new RunError(
            'CreateContainerConfigError',
            `${plural.slice(0, -1)} "${ref.name}" (key "${ref.key}") not found`,
          );
        }
      }
    }
    return result;
  }

  private async runAttempt(args: {
    run: any;
    task: PipelineTask;
    taskSpec: TaskSpec;
    taskRunName: string;
    namespace: string;
    podName: string;
    attemptDir: string;
    resultsDir: string;
    variables: Variables;
    timeout?: number;
    retriesStatus: any[];
    labels: Record<string, string>;
    signal: AbortSignal;
    onChange: () => void;
  }): Promise<TaskOutcome> {
    const { store, logs } = this.options;
    const { namespace, podName, taskRunName, taskSpec, variables } = args;
    const taskRun = store.get(
      this.options.writer.types.taskRuns,
      namespace,
      taskRunName,
    );
    const stepTemplate = taskSpec.stepTemplate as
      | { env?: Array<{ name: string; value?: string; valueFrom?: any }> }
      | undefined;
    const stepTemplateEnv = stepTemplate?.env ?? [];
    let steps: ResolvedStep[];
    try {
      steps = (taskSpec.steps ?? []).map((step, index) => {
        const substituted = substituteDeep(
          { ...step, env: undefined },
          variables,
        );
        return {
          name: step.name ?? `unnamed-${index}`,
          image: substituted.image,
          script: substituted.script,
          command: substituted.command,
          args: substituted.args,
          workingDir: substituted.workingDir,
          env: {
            ...this.options.stepEnv,
            ...this.resolveEnv(
              namespace,
              [...stepTemplateEnv, ...(step.env ?? [])],
              variables,
            ),
          },
        };
      });
    } catch (error) {
      const reason =
        error instanceof RunError ? error.reason : 'TaskRunValidationFailed';
      this.options.writer.write(
        this.options.writer.types.taskRuns,
        namespace,
        taskRunName,
        current => ({
          ...current,
          conditions: [
            {
              type: 'Succeeded',
              status: 'False',
              reason,
              message: (error as Error).message,
              lastTransitionTime: now(),
            },
          ],
          completionTime: now(),
        }),
      );
      return { state: 'failed', results: {} };
    }

    store.create(this.options.writer.types.pods, namespace, {
      metadata: {
        name: podName,
        labels: { ...args.labels, 'tekton.dev/taskRun': taskRunName },
        ownerReferences: [
          {
            apiVersion: 'tekton.dev/v1',
            kind: 'TaskRun',
            name: taskRunName,
            uid: taskRun.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        restartPolicy: 'Never',
        serviceAccountName: taskRun.spec.serviceAccountName,
        containers: steps.map(s => ({
          name: `step-${s.name}`,
          image: s.image ?? 'unknown',
          command: s.command,
          args: s.args,
        })),
      },
    });
    const startTime = now();
    const stepStatus: any[] = steps.map(s => ({
      name: s.name,
      container: `step-${s.name}`,
      imageID: s.image,
      waiting: { reason: 'PodInitializing' },
    }));
    const writePod = (phase: string) =>
      this.options.writer.write(
        this.options.writer.types.pods,
        namespace,
        podName,
        current => ({
          ...current,
          phase,
          startTime,
          containerStatuses: stepStatus.map(s => ({
            name: s.container,
            image: s.imageID,
            ready: !!s.running,
            state: containerState(s),
          })),
        }),
      );
    const writeTaskRun = (
      condition: { status: string; reason: string; message: string },
      extra: Record<string, unknown> = {},
    ) =>
      this.options.writer.write(
        this.options.writer.types.taskRuns,
        namespace,
        taskRunName,
        current => ({
          ...current,
          podName,
          startTime: current.startTime ?? startTime,
          taskSpec,
          steps: stepStatus.map(s => ({
            name: s.name,
            container: s.container,
            imageID: s.imageID,
            ...containerState(s),
          })),
          retriesStatus: args.retriesStatus.length
            ? args.retriesStatus
            : undefined,
          conditions: [
            { type: 'Succeeded', ...condition, lastTransitionTime: now() },
          ],
          ...extra,
        }),
      );
    const writeRunning = () => {
      writePod('Running');
      writeTaskRun({
        status: 'Unknown',
        reason: 'Running',
        message: 'Not all Steps in the Task have finished executing',
      });
    };
    writeRunning();
    args.onChange();

    const timeoutSignal = args.timeout
      ? AbortSignal.timeout(args.timeout)
      : undefined;
    const signal = timeoutSignal
      ? AbortSignal.any([args.signal, timeoutSignal])
      : args.signal;
    let outcomes: StepOutcome[] = [];
    if (!signal.aborted) {
      outcomes = await runSteps({
        steps,
        namespace,
        podName,
        dir: args.attemptDir,
        logs,
        signal,
        onStepStart: (index, startedAt) => {
          stepStatus[index].running = { startedAt };
          delete stepStatus[index].waiting;
          writeRunning();
        },
        onStepEnd: (index, outcome) => {
          delete stepStatus[index].running;
          stepStatus[index].terminated = {
            exitCode: outcome.exitCode,
            reason: outcome.exitCode === 0 ? 'Completed' : 'Error',
            startedAt: outcome.startedAt,
            finishedAt: outcome.finishedAt,
          };
        },
      });
    }
    // Steps that never ran are reported as skipped, as Tekton does after a failing step.
    for (const status of stepStatus) {
      if (!status.terminated) {
        delete status.waiting;
        delete status.running;
        status.terminated = {
          exitCode: 1,
          reason: 'Skipped',
          startedAt: now(),
          finishedAt: now(),
        };
      }
    }
    const results = this.readResults(taskSpec, args.resultsDir);
    const resultList = Object.entries(results).map(([name, value]) => ({
      name,
      type: paramTypeOf(value),
      value,
    }));
    // What a TaskRun that ran its steps to an end (not a cancelled one) reports besides its condition.
    const finished = {
      completionTime: now(),
      results: resultList.length ? resultList : undefined,
    };
    const failedStep = outcomes.find(o => o.exitCode !== 0);
    let outcome: TaskOutcome;
    if (timeoutSignal?.aborted && !args.signal.aborted) {
      writeTaskRun(
        {
          status: 'False',
          reason: 'TaskRunTimeout',
          message: `TaskRun "${taskRunName}" failed to finish within "${args.task.timeout}"`,
        },
        finished,
      );
      outcome = { state: 'failed', results };
    } else if (args.signal.aborted) {
      // As Tekton cancels the TaskRuns of a cancelled or timed-out PipelineRun: through the
      // TaskRun's spec, with the reason in spec.statusMessage.
      const statusMessage =
        args.signal.reason === TIMED_OUT
          ? 'TaskRun cancelled as the PipelineRun it belongs to has timed out.'
          : 'TaskRun cancelled as the PipelineRun it belongs to has been cancelled.';
      this.options.writer.markTaskRunCancelled(
        namespace,
        taskRunName,
        statusMessage,
      );
      writeTaskRun(
        {
          status: 'False',
          reason: 'TaskRunCancelled',
          message: `TaskRun "${taskRunName}" was cancelled. ${statusMessage}`,
        },
        { completionTime: now() },
      );
      outcome = { state: 'cancelled', results };
    } else if (failedStep || outcomes.length < steps.length) {
      writeTaskRun(
        {
          status: 'False',
          reason: 'Failed',
          message: `"step-${failedStep?.name ?? '?'}" exited with code ${
            failedStep?.exitCode ?? 1
          }`,
        },
        finished,
      );
      outcome = { state: 'failed', results };
    } else {
      writeTaskRun(
        {
          status: 'True',
          reason: 'Succeeded',
          message: 'All Steps have completed executing',
        },
        finished,
      );
      outcome = { state: 'succeeded', results };
    }
    writePod(outcome.state === 'succeeded' ? 'Succeeded' : 'Failed');
    args.onChange();
    return outcome;
  }

  private readResults(taskSpec: TaskSpec, dir: string): Record<string, Value> {
    const results: Record<string, Value> = {};
    for (const result of taskSpec.results ?? []) {
      const file = path.join(dir, result.name);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      if (result.type === 'array' || result.type === 'object') {
        try {
          results[result.name] = JSON.parse(text);
          continue;
        } catch {
          // fall through: keep the text
        }
      }
      results[result.name] = text;
    }
    return results;
  }
}
