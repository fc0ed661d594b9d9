import type {
  KubernetesObject,
  PipelineSpec,
  Param,
  TriggerKind,
  WorkspaceDeclaration,
} from '@tekton-dag/plugin-tekton-dag-common';
import {
  ANNOTATION_GENERATED_PIPELINE,
  TEKTON_API_VERSION,
} from '@tekton-dag/plugin-tekton-dag-common';
import { runMetadata } from '../catalog/runLabels';

/** How a Pipeline workspace is bound in a new run; `volumeClaimTemplate` unless configured. */
export type WorkspaceBinding = Record<string, unknown>;

export const DEFAULT_WORKSPACE_BINDING: WorkspaceBinding = {
  volumeClaimTemplate: {
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    },
  },
};

export interface PipelineRunRequest {
  /** The Pipeline's name; for a generated run, the name it is listed under. */
  pipeline: string;
  /** A generated pipeline, embedded in the run instead of referring to a Pipeline. */
  pipelineSpec?: PipelineSpec;
  namespace: string;
  params: Param[];
  /** The Pipeline's declared workspaces; required ones are bound from the template. */
  workspaces?: WorkspaceDeclaration[];
  workspaceBinding?: WorkspaceBinding;
  entityRef: string;
  trigger: TriggerKind;
  triggeredBy?: string;
  serviceAccountName?: string;
  /** Labels and annotations to keep (a rerun keeps the original's, e.g. from Triggers). */
  extraLabels?: Record<string, string>;
  extraAnnotations?: Record<string, string>;
}

/**
 * A PipelineRun as an object, never as templated YAML: values can hold anything (quotes,
 * newlines, `$(...)`) without changing the structure.
 */
export function buildPipelineRun(
  request: PipelineRunRequest,
): KubernetesObject {
  const metadata = runMetadata({
    entityRef: request.entityRef,
    trigger: request.trigger,
    triggeredBy: request.triggeredBy,
  });
  const binding = request.workspaceBinding ?? DEFAULT_WORKSPACE_BINDING;
  return {
    apiVersion: TEKTON_API_VERSION,
    kind: 'PipelineRun',
    metadata: {
      generateName: `${request.pipeline.slice(0, 57)}-`,
      namespace: request.namespace,
      labels: {
        ...request.extraLabels,
        'tekton.dev/pipeline': request.pipeline,
        ...metadata.labels,
      },
      annotations: {
        ...request.extraAnnotations,
        ...metadata.annotations,
        ...(request.pipelineSpec
          ? { [ANNOTATION_GENERATED_PIPELINE]: request.pipeline }
          : {}),
      },
    },
    spec: {
      ...(request.pipelineSpec
        ? { pipelineSpec: request.pipelineSpec }
        : { pipelineRef: { name: request.pipeline } }),
      params: request.params,
      workspaces: (request.workspaces ?? [])
        .filter(w => !w.optional)
        .map(w => ({ name: w.name, ...structuredClone(binding) })),
      ...(request.serviceAccountName
        ? {
            taskRunTemplate: { serviceAccountName: request.serviceAccountName },
          }
        : {}),
    },
  };
}
