import fs from 'fs';
import path from 'path';
import type { ObjectStore } from '../apiserver/ObjectStore';
import type { ResourceType } from '../apiserver/resourceTypes';
import { parseDuration } from './duration';
import {
  aggregateTasksStatus,
  decideFinally,
  decideTasks,
  parentsOf,
  runConclusion,
  SKIP_REASONS,
  type StopReason,
  type TaskState,
  taskStatusVariable,
} from './scheduler/dagScheduler';
import type { LogStore } from './LogStore';
import { ResolvedStep, runSteps, StepOutcome } from './StepRunner';
import {
  substituteDeep,
  substituteList,
  substituteString,
  substituteValue,
  Value,
  Variables,
} from './substitution';

/** A reason Tekton gives when a run cannot start; the run fails with it. */
class RunError extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}

interface TaskOutcome {
  state: TaskState;
  results: Record<string, Value>;
}

/** What running one pipeline task needs from its run. */
interface TaskContext {
  run: any;
  task: any;
  variables: Variables;
  workspaces: Record<string, string>;
  runDir: string;
  signal: AbortSignal;
  childReferences: any[];
  onChange: () => void;
}

interface ActiveRun {
  /** Aborts every running task (Cancelled, CancelledRunFinally, pipeline timeout). */
  tasks: AbortController;
  /** Aborts finally tasks too (Cancelled, finally timeout). */
  all: AbortController;
  /** Why new tasks are no longer started, once one is. */
  stopping?: StopReason;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Tekton's name for the type of a param or result value. */
function valueType(value: unknown): 'array' | 'object' | 'string' {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : 'string';
}

/** A container's state in Kubernetes' shape: exactly one of terminated, running, waiting. */
function containerState(step: {
  terminated?: unknown;
  running?: unknown;
  waiting?: unknown;
}) {
  if (step.terminated) return { terminated: step.terminated };
  if (step.running) return { running: step.running };
  return { waiting: step.waiting };
}

/** The first state of `order` that any of `states` has, else `otherwise`. */
function firstOf<T>(states: T[], order: T[], otherwise: T): T {
  return order.find(state => states.includes(state)) ?? otherwise;
}

const CANCEL_MODES = ['Cancelled', 'CancelledRunFinally', 'StoppedRunFinally'];
/** The abort reason of a PipelineRun's timeout (anything else that aborts is a cancellation). */
const TIMED_OUT = 'PipelineRunTimeout';

export interface ControllerOptions {
  store: ObjectStore;
  logs: LogStore;
  /** Per-run working folders (workspaces, scripts, results) live here. */
  workDir: string;
  /** Extra environment for every step, e.g. git's url.<local>.insteadOf mapping. */
  stepEnv?: Record<string, string>;
}

/**
 * Runs PipelineRuns the way Tekton does, as far as the semantics go: the DAG from runAfter and
 * result references with parallel branches, params and substitution, when expressions,
 * finally tasks, retries, timeouts, cancellation through spec.status and matrix fan-out. Each
 * task becomes a TaskRun and a Pod owned by the run; steps run as local processes; status is
 * written in Tekton's shape.
 */
export class PipelineRunController {
  private readonly active = new Map<string, ActiveRun>();
  private readonly running = new Set<Promise<void>>();
  private stopListening?: () => void;
  private readonly types: {
    pipelineRuns: ResourceType;
    taskRuns: ResourceType;
    pods: ResourceType;
  };

  constructor(private readonly options: ControllerOptions) {
    const { store } = options;
    const type = (group: string, version: string, plural: string) => {
      const found = store.findType(group, version, plural);
      if (!found)
        throw new Error(`The local cluster has no ${plural}.${group} CRD`);
      return found;
    };
    this.types = {
      pipelineRuns: type('tekton.dev', 'v1', 'pipelineruns'),
      taskRuns: type('tekton.dev', 'v1', 'taskruns'),
      pods: type('', 'v1', 'pods'),
    };
  }

  start() {
    const { store } = this.options;
    this.stopListening = store.onChange(event => {
      if (
        event.resourceType.kind !== 'PipelineRun' ||
        event.resourceType.group !== 'tekton.dev'
      )
        return;
      const uid = event.object.metadata.uid;
      if (event.type === 'DELETED') {
        const active = this.active.get(uid);
        active?.all.abort();
        active?.tasks.abort();
        return;
      }
      const active = this.active.get(uid);
      if (active) this.onSpecStatus(active, event.object.spec?.status);
      else if (!this.isDone(event.object)) this.launch(event.object);
    });
    // Runs that were in flight when the cluster stopped cannot resume their processes.
    for (const run of store.list(this.types.pipelineRuns, {
      labelSelector: [],
      fieldSelector: [],
    }).items) {
      if (!this.isDone(run) && run.status?.startTime) {
        this.finish(
          run,
          'False',
          'PipelineRunInterrupted',
          'The local cluster restarted while the run was running',
        );
      } else if (!this.isDone(run)) this.launch(run);
    }
  }

  async stop() {
    this.stopListening?.();
    for (const active of this.active.values()) {
      active.all.abort();
      active.tasks.abort();
    }
    await Promise.allSettled([...this.running]);
  }

  private isDone(run: any) {
    const condition = (run.status?.conditions ?? []).find(
      (c: any) => c.type === 'Succeeded',
    );
    return condition && condition.status !== 'Unknown';
  }

  private launch(run: any) {
    const active: ActiveRun = {
      tasks: new AbortController(),
      all: new AbortController(),
    };
    this.active.set(run.metadata.uid, active);
    this.onSpecStatus(active, run.spec?.status);
    const promise = this.execute(run, active)
      .catch(error => {
        active.tasks.abort(); // nothing of a failed run goes on running
        active.all.abort();
        const reason =
          error instanceof RunError ? error.reason : 'InternalError';
        this.finish(run, 'False', reason, error.message);
      })
      .finally(() => {
        this.active.delete(run.metadata.uid);
        this.running.delete(promise);
      });
    this.running.add(promise);
  }

  private onSpecStatus(active: ActiveRun, status: string | undefined) {
    if (!status || !CANCEL_MODES.includes(status)) return;
    if (status === 'Cancelled') {
      active.stopping = 'cancelled';
      active.tasks.abort();
      active.all.abort();
    } else if (status === 'CancelledRunFinally') {
      active.stopping = 'cancelledRunFinally';
      active.tasks.abort();
    } else if (!active.stopping || active.stopping === 'failed') {
      active.stopping = 'stoppedRunFinally';
    }
  }

  // --- status writing -----------------------------------------------------------------

  /** Tekton's cancellation of a TaskRun: spec.status and spec.statusMessage. */
  private markTaskRunCancelled(
    namespace: string,
    name: string,
    statusMessage: string,
  ) {
    const { store } = this.options;
    const current = store.tryGet(this.types.taskRuns, namespace, name);
    if (!current) return;
    store.update(this.types.taskRuns, namespace, name, {
      ...current,
      spec: { ...current.spec, status: 'TaskRunCancelled', statusMessage },
    });
  }

  private writeStatus(
    type: ResourceType,
    namespace: string,
    name: string,
    change: (status: any) => any,
  ) {
    const { store } = this.options;
    const current = store.tryGet(type, namespace, name);
    if (!current) return undefined; // deleted meanwhile
    return store.update(
      type,
      namespace,
      name,
      { ...current, status: change(current.status ?? {}) },
      'status',
    );
  }

  private finish(
    run: any,
    status: 'True' | 'False',
    reason: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    this.writeStatus(
      this.types.pipelineRuns,
      run.metadata.namespace,
      run.metadata.name,
      current => ({
        ...current,
        ...extra,
        startTime: current.startTime ?? now(),
        completionTime: now(),
        conditions: [
          {
            type: 'Succeeded',
            status,
            reason,
            message,
            lastTransitionTime: now(),
          },
        ],
      }),
    );
  }

  // --- the run ------------------------------------------------------------------------

  private resolvePipelineSpec(run: any): any {
    if (run.spec?.pipelineSpec) return run.spec.pipelineSpec;
    const name = run.spec?.pipelineRef?.name;
    if (!name)
      throw new RunError(
        'CouldntGetPipeline',
        'the PipelineRun has neither pipelineRef nor pipelineSpec',
      );
    const pipelines = this.options.store.findType(
      'tekton.dev',
      'v1',
      'pipelines',
    );
    const pipeline =
      pipelines &&
      this.options.store.tryGet(pipelines, run.metadata.namespace, name);
    if (!pipeline) {
      throw new RunError(
        'CouldntGetPipeline',
        `Error retrieving pipeline for pipelinerun ${run.metadata.namespace}/${run.metadata.name}: pipelines.tekton.dev "${name}" not found`,
      );
    }
    return pipeline.spec ?? {};
  }

  private resolveTaskSpec(namespace: string, task: any): any {
    if (task.taskSpec) return task.taskSpec;
    const name = task.taskRef?.name;
    const tasks = this.options.store.findType('tekton.dev', 'v1', 'tasks');
    const found =
      name && tasks && this.options.store.tryGet(tasks, namespace, name);
    if (!found) {
      throw new RunError(
        'CouldntGetTask',
        `Pipeline task "${task.name}" refers to Task "${name}", which could not be found in namespace ${namespace}`,
      );
    }
    return found.spec ?? {};
  }

  /** Param values with defaults applied; a missing required one is an error. */
  private resolveParams(
    specs: any[] = [],
    given: any[] = [],
    reason: string,
    owner: string,
  ): Record<string, Value> {
    const values: Record<string, Value> = {};
    const byName = new Map(given.map(p => [p.name, p.value]));
    for (const spec of specs) {
      let value = byName.has(spec.name) ? byName.get(spec.name) : spec.default;
      if (value === undefined)
        throw new RunError(
          reason,
          `${owner}: missing parameter "${spec.name}"`,
        );
      if (
        spec.type === 'object' &&
        typeof spec.default === 'object' &&
        typeof value === 'object'
      ) {
        value = { ...spec.default, ...value };
      }
      const type =
        spec.type ?? (Array.isArray(spec.default) ? 'array' : 'string');
      const actual = valueType(value);
      if (type !== actual) {
        throw new RunError(
          'ParameterTypeMismatch',
          `${owner}: parameter "${spec.name}" should be ${type} but is ${actual}`,
        );
      }
      values[spec.name] = value;
    }
    return values;
  }

  private async execute(run: any, active: ActiveRun) {
    const { namespace, name, uid } = run.metadata;
    const spec = this.resolvePipelineSpec(run);
    const params = this.resolveParams(
      spec.params,
      run.spec?.params,
      'ParameterMissing',
      `PipelineRun ${namespace}/${name}`,
    );
    const runDir = path.join(this.options.workDir, namespace, name);
    const workspaces = this.prepareWorkspaces(run, spec, runDir);

    const variables: Variables = new Map<string, Value>([
      ['context.pipelineRun.name', name],
      ['context.pipelineRun.namespace', namespace],
      ['context.pipelineRun.uid', uid],
      ['context.pipeline.name', run.spec?.pipelineRef?.name ?? name],
    ]);
    for (const [key, value] of Object.entries(params))
      variables.set(`params.${key}`, value);
    for (const ws of spec.workspaces ?? [])
      variables.set(
        `workspaces.${ws.name}.bound`,
        workspaces[ws.name] ? 'true' : 'false',
      );

    const startTime = now();
    const tasks: any[] = spec.tasks ?? [];
    const finallyTasks: any[] = spec.finally ?? [];
    const outcomes = new Map<string, TaskOutcome>(
      tasks.map(t => [t.name, { state: 'pending', results: {} }]),
    );
    const skipped: any[] = [];
    const childReferences: any[] = [];
    const stateMap = () =>
      new Map([...outcomes].map(([taskName, o]) => [taskName, o.state]));
    const message = () => {
      const all = [...outcomes.values()];
      const count = (s: TaskState) => all.filter(o => o.state === s).length;
      const done = count('succeeded') + count('failed') + count('cancelled');
      const incomplete = count('pending') + count('running');
      return `Tasks Completed: ${done} (Failed: ${count(
        'failed',
      )}, Cancelled ${count('cancelled')}), ${
        incomplete ? `Incomplete: ${incomplete}, ` : ''
      }Skipped: ${count('skipped')}`;
    };
    const writeRunning = (reason = 'Running') =>
      this.writeStatus(this.types.pipelineRuns, namespace, name, current => ({
        ...current,
        startTime,
        pipelineSpec: spec,
        childReferences,
        skippedTasks: skipped.length ? skipped : undefined,
        conditions: [
          {
            type: 'Succeeded',
            status: 'Unknown',
            reason,
            message: message(),
            lastTransitionTime: now(),
          },
        ],
      }));
    writeRunning('Started');

    const timeouts = run.spec?.timeouts ?? {};
    const pipelineTimeout = parseDuration(timeouts.pipeline) ?? 3_600_000;
    const tasksTimeout = parseDuration(timeouts.tasks);
    const finallyTimeout = parseDuration(timeouts.finally);
    const timers: NodeJS.Timeout[] = [];
    let timedOut = false;
    const onTimeout = (controller: AbortController) => () => {
      timedOut = true;
      active.stopping = 'timeout';
      controller.abort(TIMED_OUT);
    };
    if (pipelineTimeout > 0)
      timers.push(setTimeout(onTimeout(active.all), pipelineTimeout));
    if (pipelineTimeout > 0 || tasksTimeout) {
      timers.push(
        setTimeout(onTimeout(active.tasks), tasksTimeout ?? pipelineTimeout),
      );
    }

    const parents = parentsOf(spec);
    const setResults = (taskName: string, results: Record<string, Value>) => {
      for (const [key, value] of Object.entries(results))
        variables.set(`tasks.${taskName}.results.${key}`, value);
    };
    const skip = (task: any, reason: string, isFinally = false) => {
      outcomes.set(task.name, { state: 'skipped', results: {} });
      // As Tekton reports them: the when expressions with params substituted, and for a
      // finally task only when they are why it was skipped.
      const whenExpressions =
        task.when && (!isFinally || reason === SKIP_REASONS.whenFalse)
          ? task.when.map((expression: any) => ({
              ...expression,
              ...(expression.input !== undefined
                ? {
                    input: substituteString(
                      String(expression.input),
                      variables,
                    ),
                  }
                : {}),
              ...(expression.values
                ? { values: substituteList(expression.values, variables) }
                : {}),
            }))
          : undefined;
      skipped.push({
        name: task.name,
        reason,
        ...(whenExpressions ? { whenExpressions } : {}),
      });
    };
    const inFlight = new Map<string, Promise<void>>();
    const launchTask = (task: any, isFinally: boolean, signal: AbortSignal) => {
      outcomes.set(task.name, { state: 'running', results: {} });
      const promise = this.runPipelineTask({
        run,
        task,
        isFinally,
        variables,
        workspaces,
        runDir,
        signal,
        childReferences,
        onChange: () => writeRunning(),
      })
        .then(outcome => {
          outcomes.set(task.name, outcome);
          setResults(task.name, outcome.results);
          if (outcome.state === 'failed' && !active.stopping)
            active.stopping = 'failed';
        })
        .catch(error => {
          outcomes.set(task.name, { state: 'failed', results: {} });
          if (!active.stopping) active.stopping = 'failed';
          if (error instanceof RunError) throw error;
        })
        .finally(() => {
          inFlight.delete(task.name);
          writeRunning();
        });
      inFlight.set(task.name, promise);
    };

    try {
      // The DAG: start every task whose parents are done, as soon as they are.
      const byName = new Map(tasks.map(t => [t.name, t]));
      const whenHolds = (task: any) => this.whenHolds(task.when, variables);
      for (;;) {
        const decisions = decideTasks({
          tasks,
          parents,
          states: stateMap(),
          stopping: active.stopping,
          whenHolds,
        });
        for (const { name: skippedName, reason } of decisions.skip)
          skip(byName.get(skippedName), reason);
        for (const started of decisions.start)
          launchTask(byName.get(started), false, active.tasks.signal);
        if (inFlight.size === 0) break;
        await Promise.race(inFlight.values());
      }
      writeRunning();

      // finally: after all tasks, whatever happened, unless cancelled outright.
      for (const [taskName, outcome] of outcomes) {
        const status = taskStatusVariable(outcome.state);
        variables.set(`tasks.${taskName}.status`, status);
        variables.set(`tasks.${taskName}.reason`, status);
      }
      variables.set(
        'tasks.status',
        aggregateTasksStatus([...outcomes.values()].map(o => o.state)),
      );
      if (
        active.stopping !== 'cancelled' &&
        !active.all.signal.aborted &&
        finallyTasks.length
      ) {
        const finallySignal = finallyTimeout
          ? AbortSignal.any([
              active.all.signal,
              AbortSignal.timeout(finallyTimeout),
            ])
          : active.all.signal;
        const finallyByName = new Map(finallyTasks.map(t => [t.name, t]));
        const decisions = decideFinally({
          finallyTasks,
          states: stateMap(),
          whenHolds: (task: any) => this.whenHolds(task.when, variables),
        });
        for (const task of finallyTasks)
          outcomes.set(task.name, { state: 'pending', results: {} });
        for (const { name: skippedName, reason } of decisions.skip)
          skip(finallyByName.get(skippedName), reason, true);
        for (const started of decisions.start)
          launchTask(finallyByName.get(started), true, finallySignal);
        const finallyReasons: Record<string, string> = {
          cancelledRunFinally: 'CancelledRunningFinally',
          stoppedRunFinally: 'StoppedRunningFinally',
        };
        writeRunning(finallyReasons[active.stopping ?? ''] ?? 'Running');
        while (inFlight.size) await Promise.race(inFlight.values());
      }
    } finally {
      timers.forEach(clearTimeout);
    }

    // The outcome, in Tekton's words.
    const all = [...outcomes.values()].map(o => o.state);
    const results = (spec.results ?? [])
      .map((result: any) => {
        const value = substituteValue(result.value, variables);
        return JSON.stringify(value).includes('$(tasks.')
          ? undefined
          : { name: result.name, value };
      })
      .filter(Boolean);
    const extra = {
      childReferences,
      skippedTasks: skipped.length ? skipped : undefined,
      results: results.length ? results : undefined,
      pipelineSpec: spec,
      startTime,
    };
    const conclusion = runConclusion({
      states: all,
      stopping: active.stopping,
      timedOut,
    });
    const messages: Record<string, string> = {
      PipelineRunTimeout: `PipelineRun "${name}" failed to finish within "${
        timeouts.pipeline ?? timeouts.tasks ?? '1h0m0s'
      }"`,
      Cancelled: `PipelineRun "${name}" was cancelled`,
    };
    this.finish(
      run,
      conclusion.status,
      conclusion.reason,
      messages[conclusion.reason] ?? message(),
      extra,
    );
  }

  private whenHolds(when: any[] | undefined, variables: Variables): boolean {
    return (when ?? []).every(expression => {
      if (expression.cel !== undefined) return true; // CEL is a Tekton alpha feature; not evaluated here
      const input = substituteString(String(expression.input ?? ''), variables);
      const values = (expression.values ?? []).flatMap((v: string) => {
        const resolved = substituteValue(v, variables);
        return Array.isArray(resolved) ? resolved : [String(resolved)];
      });
      const found = values.includes(input);
      return expression.operator === 'notin' ? !found : found;
    });
  }

  private prepareWorkspaces(
    run: any,
    spec: any,
    runDir: string,
  ): Record<string, string> {
    const dirs: Record<string, string> = {};
    for (const binding of run.spec?.workspaces ?? []) {
      const dir = binding.persistentVolumeClaim?.claimName
        ? path.join(
            this.options.workDir,
            'persistentvolumeclaims',
            run.metadata.namespace,
            binding.persistentVolumeClaim.claimName,
          )
        : path.join(runDir, 'workspaces', binding.name);
      fs.mkdirSync(dir, { recursive: true });
      dirs[binding.name] = binding.subPath
        ? path.join(dir, binding.subPath)
        : dir;
      fs.mkdirSync(dirs[binding.name], { recursive: true });
    }
    for (const declared of spec.workspaces ?? []) {
      if (!dirs[declared.name] && !declared.optional) {
        throw new RunError(
          'CouldntGetPipeline',
          `pipeline requires workspace with name "${declared.name}" be provided by pipelinerun`,
        );
      }
    }
    return dirs;
  }

  /** Matrix combinations of a pipeline task: one param set per TaskRun. */
  private combinations(
    task: any,
    variables: Variables,
  ): Array<Array<{ name: string; value: Value }>> {
    const base = (task.params ?? []).map((p: any) => ({
      name: p.name,
      value: substituteValue(p.value, variables),
    }));
    const matrix = task.matrix;
    if (!matrix) return [base];
    let combos: Array<Array<{ name: string; value: Value }>> = [[]];
    for (const param of matrix.params ?? []) {
      const values = substituteValue(param.value, variables);
      const list = Array.isArray(values) ? values : [String(values)];
      combos = combos.flatMap(combo =>
        list.map(value => [...combo, { name: param.name, value }]),
      );
    }
    if (!(matrix.params ?? []).length) combos = [];
    for (const include of matrix.include ?? []) {
      combos.push(
        (include.params ?? []).map((p: any) => ({
          name: p.name,
          value: substituteValue(p.value, variables),
        })),
      );
    }
    return combos.map(combo => [...base, ...combo]);
  }

  private async runPipelineTask(
    args: TaskContext & { isFinally: boolean },
  ): Promise<TaskOutcome> {
    const { run, task } = args;
    const namespace = run.metadata.namespace;
    const taskSpec = this.resolveTaskSpec(namespace, task);
    const combos = this.combinations(task, args.variables);
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
            (taskSpec.results ?? []).map((r: any) => [
              r.name,
              outcomes.map(o => String(o.results[r.name] ?? '')),
            ]),
          );
    return { state, results };
  }

  private async runTaskRun(
    args: TaskContext & {
      taskSpec: any;
      params: Array<{ name: string; value: Value }>;
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
    const taskParams = this.resolveParams(
      taskSpec.params,
      args.params,
      'ParameterMissing',
      `TaskRun ${taskRunName}`,
    );
    const timeout = parseDuration(task.timeout);

    const taskRun = store.create(this.types.taskRuns, namespace, {
      metadata: { name: taskRunName, labels, ownerReferences: taskRunOwner },
      spec: {
        params: Object.entries(taskParams).map(([name, value]) => ({
          name,
          value,
        })),
        ...(task.taskRef ? { taskRef: task.taskRef } : { taskSpec }),
        workspaces: (task.workspaces ?? []).map((w: any) => ({
          name: w.name,
          emptyDir: {},
        })),
        timeout: task.timeout,
        serviceAccountName:
          run.spec?.taskRunTemplate?.serviceAccountName ?? 'default',
      },
    });
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
      const current = store.tryGet(this.types.taskRuns, namespace, taskRunName);
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
    task: any;
    taskSpec: any;
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
    const taskRun = store.get(this.types.taskRuns, namespace, taskRunName);
    const stepTemplateEnv = taskSpec.stepTemplate?.env ?? [];
    let steps: ResolvedStep[];
    try {
      steps = (taskSpec.steps ?? []).map((step: any, index: number) => {
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
      this.writeStatus(
        this.types.taskRuns,
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

    store.create(this.types.pods, namespace, {
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
      this.writeStatus(this.types.pods, namespace, podName, current => ({
        ...current,
        phase,
        startTime,
        containerStatuses: stepStatus.map(s => ({
          name: s.container,
          image: s.imageID,
          ready: !!s.running,
          state: containerState(s),
        })),
      }));
    const writeTaskRun = (
      condition: { status: string; reason: string; message: string },
      extra: Record<string, unknown> = {},
    ) =>
      this.writeStatus(
        this.types.taskRuns,
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
    writePod('Running');
    writeTaskRun({
      status: 'Unknown',
      reason: 'Running',
      message: 'Not all Steps in the Task have finished executing',
    });
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
          writePod('Running');
          writeTaskRun({
            status: 'Unknown',
            reason: 'Running',
            message: 'Not all Steps in the Task have finished executing',
          });
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
      type: valueType(value),
      value,
    }));
    const failedStep = outcomes.find(o => o.exitCode !== 0);
    let outcome: TaskOutcome;
    if (timeoutSignal?.aborted && !args.signal.aborted) {
      writeTaskRun(
        {
          status: 'False',
          reason: 'TaskRunTimeout',
          message: `TaskRun "${taskRunName}" failed to finish within "${args.task.timeout}"`,
        },
        {
          completionTime: now(),
          results: resultList.length ? resultList : undefined,
        },
      );
      outcome = { state: 'failed', results };
    } else if (args.signal.aborted) {
      // As Tekton cancels the TaskRuns of a cancelled or timed-out PipelineRun: through the
      // TaskRun's spec, with the reason in spec.statusMessage.
      const statusMessage =
        args.signal.reason === TIMED_OUT
          ? 'TaskRun cancelled as the PipelineRun it belongs to has timed out.'
          : 'TaskRun cancelled as the PipelineRun it belongs to has been cancelled.';
      this.markTaskRunCancelled(namespace, taskRunName, statusMessage);
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
        {
          completionTime: now(),
          results: resultList.length ? resultList : undefined,
        },
      );
      outcome = { state: 'failed', results };
    } else {
      writeTaskRun(
        {
          status: 'True',
          reason: 'Succeeded',
          message: 'All Steps have completed executing',
        },
        {
          completionTime: now(),
          results: resultList.length ? resultList : undefined,
        },
      );
      outcome = { state: 'succeeded', results };
    }
    writePod(outcome.state === 'succeeded' ? 'Succeeded' : 'Failed');
    args.onChange();
    return outcome;
  }

  private readResults(taskSpec: any, dir: string): Record<string, Value> {
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
