import { stringify } from 'yaml';
import type { RunDetails } from '@tekton-dag/plugin-tekton-dag-common';

const TEKTON_STATUS: Record<string, { status: string; reason: string }> = {
  Pending: { status: 'Unknown', reason: 'Pending' },
  Running: { status: 'Unknown', reason: 'Running' },
  Succeeded: { status: 'True', reason: 'Succeeded' },
  Failed: { status: 'False', reason: 'Failed' },
  Cancelled: { status: 'False', reason: 'Cancelled' },
  TimedOut: { status: 'False', reason: 'PipelineRunTimeout' },
};

/**
 * The run as a PipelineRun, from what tekton-dag recorded (the cluster object may be long
 * pruned): what people paste into kubectl or compare with the cluster.
 */
export function runAsYaml(run: RunDetails): string {
  const condition = TEKTON_STATUS[run.status];
  return stringify({
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: {
      name: run.name,
      namespace: run.namespace,
      uid: run.id,
      creationTimestamp: run.createdAt,
      ...(run.entityRef && {
        annotations: { 'tekton-dag.io/entity-ref': run.entityRef },
      }),
    },
    spec: {
      pipelineRef: { name: run.pipeline },
      params: Object.entries(run.params).map(([name, value]) => ({
        name,
        value,
      })),
    },
    status: {
      conditions: [
        {
          type: 'Succeeded',
          status: condition?.status ?? 'Unknown',
          reason: run.reason ?? condition?.reason,
          ...(run.message && { message: run.message }),
        },
      ],
      startTime: run.startedAt,
      completionTime: run.completedAt,
      ...(Object.keys(run.results).length && {
        results: Object.entries(run.results).map(([name, value]) => ({
          name,
          value,
        })),
      }),
      childReferences: run.taskRuns.map(t => ({
        apiVersion: 'tekton.dev/v1',
        kind: 'TaskRun',
        name: t.name,
        pipelineTaskName: t.pipelineTask,
      })),
      ...(run.skippedTasks?.length && { skippedTasks: run.skippedTasks }),
    },
  });
}
