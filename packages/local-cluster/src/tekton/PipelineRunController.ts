import path from 'path';
import type {
  PipelineTask,
  WhenExpression,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { ObjectStore } from '../apiserver/ObjectStore';
import { RunError } from './controller/RunError';
import { SpecResolver } from './controller/SpecResolver';
import { now, StatusWriter, tektonTypes } from './controller/StatusWriter';
import {
  ChildReference,
  TaskOutcome,
  TaskRunExecutor,
  TIMED_OUT,
} from './controller/TaskRunExecutor';
import { substitutedWhen, whenHolds } from './controller/whenExpressions';
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
import { substituteValue, Value, Variables } from './substitution';

/** A PipelineRun's status.skippedTasks entry. */
interface SkippedTask {
  name: string;
  reason: string;
  whenExpressions?: WhenExpression[];
}

interface ActiveRun {
  /** Aborts every running task (Cancelled, CancelledRunFinally, pipeline timeout). */
  tasks: AbortController;
  /** Aborts finally tasks too (Cancelled, finally timeout). */
  all: AbortController;
  /** Why new tasks are no longer started, once one is. */
  stopping?: StopReason;
}

const CANCEL_MODES = ['Cancelled', 'CancelledRunFinally', 'StoppedRunFinally'];

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
 * finally tasks, retries, timeouts, cancellation through spec.status and matrix fan-out. This
 * class watches runs, handles cancellation and timeouts, and drives a run: what to start comes
 * from the DAG scheduler (scheduler/dagScheduler), specs and params from the SpecResolver,
 * each task runs in the TaskRunExecutor, and the StatusWriter writes Tekton's status.
 */
export class PipelineRunController {
  private readonly active = new Map<string, ActiveRun>();
  private readonly running = new Set<Promise<void>>();
  private stopListening?: () => void;
  private readonly writer: StatusWriter;
  private readonly resolver: SpecResolver;
  private readonly executor: TaskRunExecutor;

  constructor(private readonly options: ControllerOptions) {
    const { store, logs, workDir, stepEnv } = options;
    this.writer = new StatusWriter(store, tektonTypes(store));
    this.resolver = new SpecResolver({ store, workDir });
    this.executor = new TaskRunExecutor({
      store,
      logs,
      writer: this.writer,
      resolver: this.resolver,
      stepEnv,
    });
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
    for (const run of store.list(this.writer.types.pipelineRuns, {
      labelSelector: [],
      fieldSelector: [],
    }).items) {
      if (!this.isDone(run) && run.status?.startTime) {
        this.writer.finishRun(
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
        this.writer.finishRun(run, 'False', reason, error.message);
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

  // --- the run ------------------------------------------------------------------------

  private async execute(run: any, active: ActiveRun) {
    const { namespace, name, uid } = run.metadata;
    const spec = this.resolver.pipelineSpec(run);
    const params = this.resolver.params(
      spec.params,
      run.spec?.params,
      'ParameterMissing',
      `PipelineRun ${namespace}/${name}`,
    );
    const runDir = path.join(this.options.workDir, namespace, name);
    const workspaces = this.resolver.workspaces(run, spec, runDir);

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
    const tasks: PipelineTask[] = spec.tasks ?? [];
    const finallyTasks: PipelineTask[] = spec.finally ?? [];
    const outcomes = new Map<string, TaskOutcome>(
      tasks.map(t => [t.name, { state: 'pending', results: {} }]),
    );
    const skipped: SkippedTask[] = [];
    const childReferences: ChildReference[] = [];
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
      this.writer.write(
        this.writer.types.pipelineRuns,
        namespace,
        name,
        current => ({
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
        }),
      );
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
    const skip = (task: PipelineTask, reason: string, isFinally = false) => {
      outcomes.set(task.name, { state: 'skipped', results: {} });
      // As Tekton reports them: the when expressions with params substituted, and for a
      // finally task only when they are why it was skipped.
      const whenExpressions =
        task.when && (!isFinally || reason === SKIP_REASONS.whenFalse)
          ? substitutedWhen(task.when, variables)
          : undefined;
      skipped.push({
        name: task.name,
        reason,
        ...(whenExpressions ? { whenExpressions } : {}),
      });
    };
    const inFlight = new Map<string, Promise<void>>();
    const launchTask = (
      task: PipelineTask,
      isFinally: boolean,
      signal: AbortSignal,
    ) => {
      outcomes.set(task.name, { state: 'running', results: {} });
      const promise = this.executor
        .runPipelineTask({
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
      const holds = (task: PipelineTask) => whenHolds(task.when, variables);
      for (;;) {
        const decisions = decideTasks({
          tasks,
          parents,
          states: stateMap(),
          stopping: active.stopping,
          whenHolds: holds,
        });
        for (const { name: skippedName, reason } of decisions.skip)
          skip(byName.get(skippedName)!, reason);
        for (const started of decisions.start)
          launchTask(byName.get(started)!, false, active.tasks.signal);
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
          whenHolds: (task: PipelineTask) => whenHolds(task.when, variables),
        });
        for (const task of finallyTasks)
          outcomes.set(task.name, { state: 'pending', results: {} });
        for (const { name: skippedName, reason } of decisions.skip)
          skip(finallyByName.get(skippedName)!, reason, true);
        for (const started of decisions.start)
          launchTask(finallyByName.get(started)!, true, finallySignal);
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
      .map(result => {
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
    this.writer.finishRun(
      run,
      conclusion.status,
      conclusion.reason,
      messages[conclusion.reason] ?? message(),
      extra,
    );
  }
}
