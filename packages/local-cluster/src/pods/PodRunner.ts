import fs from 'fs';
import path from 'path';
import type { ObjectStore } from '../apiserver/ObjectStore';
import type { ResourceType } from '../apiserver/resourceTypes';
import type { LogStore } from '../tekton/LogStore';
import { runSteps, type StepOutcome } from '../tekton/StepRunner';

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Pods the Tekton executor made for its TaskRuns: it runs and reports those itself. */
function isTektonPod(pod: any): boolean {
  return (
    !!pod.metadata?.labels?.['tekton.dev/taskRun'] ||
    (pod.metadata?.ownerReferences ?? []).some((o: any) => o.kind === 'TaskRun')
  );
}

interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: Array<{ name: string; value?: string }>;
}

/** Why a container cannot run here, or undefined when it can. */
function cannotRun(container: ContainerSpec): string | undefined {
  if (!container.command?.length && !container.args?.length) {
    return `container ${
      container.name
    } has no command or args: the local cluster runs them as a local process and cannot run the image's own entrypoint (${
      container.image ?? 'no image'
    }); give the command, e.g. kubectl run NAME --image=IMAGE -- sh -c '...'`;
  }
  return undefined;
}

/**
 * Runs Pods created outside Tekton (`kubectl run`, a Pod manifest) on this machine, as the
 * executor runs steps: each container's `command` and `args` as a local process (args alone
 * are the command: an image's entrypoint is not known here), its output as the container's
 * log, with the phase and container states a kubelet writes. A container that cannot run this
 * way fails the Pod at once with the reason, so no Pod waits forever. Containers are not
 * restarted; deleting the Pod stops its processes.
 */
export class PodRunner {
  private readonly running = new Map<string, AbortController>();
  private stopListening?: () => void;

  constructor(
    private readonly options: {
      store: ObjectStore;
      logs: LogStore;
      /** Scratch folders of the pods' processes. */
      workDir: string;
      /** Added to every container's environment (e.g. git's URL rewriting). */
      env?: Record<string, string>;
    },
  ) {}

  private get pods(): ResourceType {
    return this.options.store.findType('', 'v1', 'pods')!;
  }

  start() {
    // Pods left running by an earlier process of the local cluster have no process any more.
    const { items } = this.options.store.list(this.pods, {
      labelSelector: [],
      fieldSelector: [],
    });
    for (const pod of items) {
      if (isTektonPod(pod)) continue;
      const phase = pod.status?.phase;
      if (!phase) this.run(pod);
      else if (phase === 'Running' || phase === 'Pending')
        this.fail(
          pod,
          'NodeLost',
          'the local cluster restarted while the Pod was running; its processes are gone',
        );
    }
    this.stopListening = this.options.store.onChange(event => {
      if (event.resourceType !== this.pods) return;
      const pod = event.object;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (event.type === 'DELETED') {
        this.running.get(key)?.abort();
        return;
      }
      if (event.type === 'ADDED' && !isTektonPod(pod) && !pod.status?.phase)
        this.run(pod);
    });
  }

  async stop() {
    this.stopListening?.();
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private writeStatus(
    namespace: string,
    name: string,
    status: (current: any) => any,
  ) {
    const { store } = this.options;
    const current = store.tryGet(this.pods, namespace, name);
    if (!current) return; // deleted meanwhile
    store.update(
      this.pods,
      namespace,
      name,
      { ...current, status: status(current.status ?? {}) },
      'status',
    );
  }

  private fail(pod: any, reason: string, message: string) {
    this.writeStatus(pod.metadata.namespace, pod.metadata.name, current => ({
      ...current,
      phase: 'Failed',
      reason,
      message,
      containerStatuses: (pod.spec?.containers ?? []).map(
        (c: ContainerSpec) => ({
          name: c.name,
          image: c.image,
          ready: false,
          restartCount: 0,
          state: {
            terminated: {
              exitCode: 128,
              reason,
              message,
              finishedAt: now(),
            },
          },
        }),
      ),
    }));
  }

  private run(pod: any) {
    const namespace: string = pod.metadata.namespace;
    const name: string = pod.metadata.name;
    const key = `${namespace}/${name}`;
    if (this.running.has(key)) return;
    const containers: ContainerSpec[] = pod.spec?.containers ?? [];
    const refusal = containers.length
      ? containers.map(cannotRun).find(Boolean)
      : 'the Pod has no containers';
    if (refusal) {
      this.fail(pod, 'CannotRunLocally', refusal);
      return;
    }
    const abort = new AbortController();
    this.running.set(key, abort);
    const startTime = now();
    const states = new Map<string, any>(
      containers.map(c => [
        c.name,
        { waiting: { reason: 'ContainerCreating' } },
      ]),
    );
    const write = (phase: string) =>
      this.writeStatus(namespace, name, current => ({
        ...current,
        phase,
        startTime,
        containerStatuses: containers.map(c => {
          const state = states.get(c.name);
          return {
            name: c.name,
            image: c.image,
            ready: !!state.running,
            started: !!state.running,
            restartCount: 0,
            state,
          };
        }),
      }));
    write('Pending');
    const dir = path.join(
      this.options.workDir,
      namespace,
      `${name}-${pod.metadata.uid}`,
    );
    fs.mkdirSync(dir, { recursive: true });

    // A Pod's containers run side by side.
    const runs = containers.map(container =>
      runSteps({
        steps: [
          {
            name: container.name,
            image: container.image,
            command: container.command,
            args: container.args,
            workingDir: container.workingDir,
            env: {
              ...this.options.env,
              ...Object.fromEntries(
                (container.env ?? []).map(e => [e.name, e.value ?? '']),
              ),
            },
          },
        ],
        namespace,
        podName: name,
        dir: path.join(dir, container.name),
        logs: this.options.logs,
        signal: abort.signal,
        containerOf: step => step.name,
        onStepStart: (_index, startedAt) => {
          states.set(container.name, { running: { startedAt } });
          write('Running');
        },
        onStepEnd: (_index, outcome: StepOutcome) => {
          states.set(container.name, {
            terminated: {
              exitCode: outcome.exitCode,
              reason: outcome.exitCode === 0 ? 'Completed' : 'Error',
              startedAt: outcome.startedAt,
              finishedAt: outcome.finishedAt,
            },
          });
          // The phase follows when every container has ended (below).
          write('Running');
        },
      }),
    );
    Promise.all(runs)
      .then(outcomes => {
        const failed = outcomes.flat().some(o => o.exitCode !== 0);
        write(failed ? 'Failed' : 'Succeeded');
      })
      .catch(error => {
        this.fail(pod, 'LocalProcessError', (error as Error).message);
      })
      .finally(() => {
        this.running.delete(key);
      });
  }
}
