import {
  ANNOTATION_GENERATED_PIPELINE,
  ANNOTATION_PLAN,
  ANNOTATION_PULL_REQUEST,
  ANNOTATION_TRIGGERED_BY,
  LABEL_TRIGGER_KIND,
  ParamValue,
  RunStatus,
  runDuration,
  StepSummary,
  RunPlan,
  RunPullRequest,
  TriggerKind,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { RunRecord, TaskRunRecord } from '../database/RunStore';

const CANCELLED = [
  'Cancelled',
  'PipelineRunCancelled',
  'CancelledRunFinally',
  'StoppedRunFinally',
  'TaskRunCancelled',
];
const TIMED_OUT = ['PipelineRunTimeout', 'TaskRunTimeout'];
const PENDING = ['PipelineRunPending', 'Pending', 'Started'];

/** Tekton's `Succeeded` condition, simplified to the portal's run status. */
export function statusOf(object: any): {
  status: RunStatus;
  reason?: string;
  message?: string;
} {
  const condition = (object?.status?.conditions ?? []).find(
    (c: any) => c.type === 'Succeeded',
  );
  if (!condition) return { status: 'Pending' };
  const { reason, message } = condition;
  let status: RunStatus;
  if (condition.status === 'True') status = 'Succeeded';
  else if (condition.status === 'Unknown')
    status =
      PENDING.includes(reason) && !object.status?.startTime
        ? 'Pending'
        : 'Running';
  else if (CANCELLED.includes(reason)) status = 'Cancelled';
  else if (TIMED_OUT.includes(reason)) status = 'TimedOut';
  else status = 'Failed';
  return { status, reason, message };
}

function valuesOf(
  list: Array<{ name: string; value: ParamValue }> | undefined,
): Record<string, ParamValue> {
  return Object.fromEntries((list ?? []).map(item => [item.name, item.value]));
}

/** The git revision a run built: its `commit` result when it has one, else the revision param. */
function revisionOf(
  params: Record<string, ParamValue>,
  results: Record<string, ParamValue>,
) {
  for (const value of [
    results.commit,
    results['commit-sha'],
    params.revision,
    params['git-revision'],
    params.commit,
  ]) {
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

function triggerOf(metadata: any): { kind: TriggerKind; by?: string } {
  const labels = metadata?.labels ?? {};
  const kind = labels[LABEL_TRIGGER_KIND] as TriggerKind | undefined;
  const by = metadata?.annotations?.[ANNOTATION_TRIGGERED_BY];
  if (kind) return { kind, by };
  if (
    labels['triggers.tekton.dev/eventlistener'] ||
    labels['triggers.tekton.dev/trigger']
  )
    return { kind: 'trigger', by };
  return { kind: 'external', by };
}

/**
 * A JSON annotation of ours. Anyone may edit a PipelineRun's annotations, so one that does not
 * parse, or is not an object, is ignored rather than failing the run's ingestion.
 */
function jsonAnnotation<T>(metadata: any, name: string): T | undefined {
  const value = metadata?.annotations?.[name];
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value);
    return parsed && typeof parsed === 'object' ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Kubernetes writes seconds ("...:39Z"); the API always answers full ISO timestamps. */
const iso = (value: string | undefined) =>
  value ? new Date(value).toISOString() : undefined;

const resourceVersionOf = (object: any) => {
  const version = Number(object?.metadata?.resourceVersion);
  return Number.isFinite(version) ? version : 0;
};

/** A PipelineRun from the cluster as the history row the portal keeps. */
export function toRunRecord(
  object: any,
  cluster: string,
  entityRef: string | undefined,
): RunRecord {
  const params = valuesOf(object.spec?.params);
  const results = valuesOf(object.status?.results);
  const { status, reason, message } = statusOf(object);
  const startedAt = iso(object.status?.startTime);
  const completedAt = iso(object.status?.completionTime);
  return {
    id: object.metadata.uid,
    name: object.metadata.name,
    namespace: object.metadata.namespace,
    cluster,
    entityRef,
    pipeline:
      object.spec?.pipelineRef?.name ??
      object.metadata.annotations?.[ANNOTATION_GENERATED_PIPELINE] ??
      object.metadata.labels?.['tekton.dev/pipeline'] ??
      '(embedded)',
    status,
    reason,
    message,
    createdAt: iso(object.metadata.creationTimestamp)!,
    startedAt,
    completedAt,
    durationMs: runDuration(startedAt, completedAt),
    params,
    results,
    revision: revisionOf(params, results),
    trigger: triggerOf(object.metadata),
    pullRequest: jsonAnnotation<RunPullRequest>(
      object.metadata,
      ANNOTATION_PULL_REQUEST,
    ),
    plan: jsonAnnotation<RunPlan>(object.metadata, ANNOTATION_PLAN),
    pruned: false,
    resourceVersion: resourceVersionOf(object),
    conditions: object.status?.conditions ?? [],
    pipelineSpec: object.status?.pipelineSpec ?? object.spec?.pipelineSpec,
    skippedTasks: (object.status?.skippedTasks ?? []).map((t: any) => ({
      name: String(t.name),
      reason: t.reason ? String(t.reason) : undefined,
    })),
  };
}

function stepOf(step: any): StepSummary {
  const terminated = step.terminated;
  let status: RunStatus = 'Pending';
  if (terminated) status = terminated.exitCode === 0 ? 'Succeeded' : 'Failed';
  else if (step.running) status = 'Running';
  return {
    name: step.name,
    status,
    exitCode: terminated?.exitCode,
    startedAt: terminated?.startedAt ?? step.running?.startedAt,
    completedAt: terminated?.finishedAt,
  };
}

/** A TaskRun as a history row; undefined when it does not belong to a PipelineRun. */
export function toTaskRunRecord(object: any): TaskRunRecord | undefined {
  const owner = (object.metadata?.ownerReferences ?? []).find(
    (r: any) => r.kind === 'PipelineRun',
  );
  const runUid =
    owner?.uid ?? object.metadata?.labels?.['tekton.dev/pipelineRunUID'];
  if (!runUid) return undefined;
  const { status, reason } = statusOf(object);
  return {
    uid: object.metadata.uid,
    runUid,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    pipelineTask:
      object.metadata.labels?.['tekton.dev/pipelineTask'] ??
      object.metadata.name,
    status,
    reason,
    podName: object.status?.podName,
    steps: (object.status?.steps ?? []).map(stepOf),
    params: valuesOf(object.spec?.params),
    results: valuesOf(object.status?.results),
    startedAt: iso(object.status?.startTime),
    completedAt: iso(object.status?.completionTime),
    resourceVersion: resourceVersionOf(object),
  };
}
