import type { ObjectStore } from '../../apiserver/ObjectStore';
import type { ResourceType } from '../../apiserver/resourceTypes';

/** Kubernetes' timestamps: seconds, no fraction. */
export const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** The resource types the executor writes. */
export interface TektonTypes {
  pipelineRuns: ResourceType;
  taskRuns: ResourceType;
  pods: ResourceType;
}

export function tektonTypes(store: ObjectStore): TektonTypes {
  const type = (group: string, version: string, plural: string) => {
    const found = store.findType(group, version, plural);
    if (!found)
      throw new Error(`The local cluster has no ${plural}.${group} CRD`);
    return found;
  };
  return {
    pipelineRuns: type('tekton.dev', 'v1', 'pipelineruns'),
    taskRuns: type('tekton.dev', 'v1', 'taskruns'),
    pods: type('', 'v1', 'pods'),
  };
}

/** A container's state in Kubernetes' shape: exactly one of terminated, running, waiting. */
export function containerState(step: {
  terminated?: unknown;
  running?: unknown;
  waiting?: unknown;
}) {
  if (step.terminated) return { terminated: step.terminated };
  if (step.running) return { running: step.running };
  return { waiting: step.waiting };
}

/**
 * Writes what the executor reports, as Tekton's controller and the kubelet write it: status
 * subresources of PipelineRuns, TaskRuns and Pods, and the spec fields Tekton sets itself (a
 * cancelled TaskRun's spec.status). An object deleted meanwhile is left alone.
 */
export class StatusWriter {
  constructor(
    private readonly store: ObjectStore,
    readonly types: TektonTypes,
  ) {}

  write(
    type: ResourceType,
    namespace: string,
    name: string,
    change: (status: any) => any,
  ) {
    const current = this.store.tryGet(type, namespace, name);
    if (!current) return undefined; // deleted meanwhile
    return this.store.update(
      type,
      namespace,
      name,
      { ...current, status: change(current.status ?? {}) },
      'status',
    );
  }

  /** The PipelineRun's final Succeeded condition, with whatever else its status gets. */
  finishRun(
    run: { metadata: { namespace: string; name: string } },
    status: 'True' | 'False',
    reason: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    this.write(
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

  /** Tekton's cancellation of a TaskRun: spec.status and spec.statusMessage. */
  markTaskRunCancelled(namespace: string, name: string, statusMessage: string) {
    const current = this.store.tryGet(this.types.taskRuns, namespace, name);
    if (!current) return;
    this.store.update(this.types.taskRuns, namespace, name, {
      ...current,
      spec: { ...current.spec, status: 'TaskRunCancelled', statusMessage },
    });
  }
}
