/**
 * Catalog annotations and Kubernetes labels that tekton-dag reads or writes, in one place.
 * @packageDocumentation
 */
import type { ParamValue } from './tekton/types';

/** Comma-separated list of Tekton Pipeline names that belong to an entity. */
export const ANNOTATION_PIPELINES = 'tekton-dag/pipelines';
/** Namespace of the entity's Pipelines and PipelineRuns. */
export const ANNOTATION_NAMESPACE = 'tekton-dag/namespace';
/**
 * Param values for the entity's runs, as a JSON object, e.g.
 * `{"app-path": "examples/shop/shop-web", "app-name": "shop-web"}`: one Pipeline serves many
 * components. Values apply to the Pipeline params of those names; a run request overrides them.
 */
export const ANNOTATION_PARAMS = 'tekton-dag/params';
/** Name of the configured cluster (`tektonDag.clusters[].name`) that runs the entity's pipelines. */
export const ANNOTATION_CLUSTER = 'tekton-dag/cluster';

/** Backstage's own annotations that tekton-dag falls back to, shared with the Kubernetes plugin. */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';
/** Label (and annotation) the community Tekton plugin uses to tie runs to an entity. */
export const LABEL_KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const ANNOTATION_SOURCE_LOCATION = 'backstage.io/source-location';

/** Argo CD annotations, the same as the existing Argo CD plugins so entities need no change. */
export const ANNOTATION_ARGOCD_APP_NAME = 'argocd/app-name';
export const ANNOTATION_ARGOCD_APP_SELECTOR = 'argocd/app-selector';
export const ANNOTATION_ARGOCD_APP_NAMESPACE = 'argocd/app-namespace';
export const ANNOTATION_ARGOCD_INSTANCE_NAME = 'argocd/instance-name';
/** Argo CD's resource annotation that orders a sync. */
export const ANNOTATION_ARGOCD_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * Labels and annotations tekton-dag puts on the PipelineRuns it creates. Label values are
 * limited to 63 characters of `[A-Za-z0-9._-]`, so the full entity ref lives in an annotation
 * and the label holds a safe, searchable form of it.
 */
export const LABEL_ENTITY = 'tekton-dag.io/entity';
export const ANNOTATION_ENTITY_REF = 'tekton-dag.io/entity-ref';
export const LABEL_TRIGGER_KIND = 'tekton-dag.io/trigger';
export const ANNOTATION_TRIGGERED_BY = 'tekton-dag.io/triggered-by';
/** JSON of the RunPullRequest a run was started for. */
export const ANNOTATION_PULL_REQUEST = 'tekton-dag.io/pull-request';
/** JSON of the RunPlan of a generated run. */
export const ANNOTATION_PLAN = 'tekton-dag.io/plan';
/** The name a run with a generated (embedded) pipelineSpec is listed under. */
export const ANNOTATION_GENERATED_PIPELINE = 'tekton-dag.io/generated-pipeline';
/** A component's Pipeline for pull requests instead of a generated one. */
export const ANNOTATION_PR_PIPELINE = 'tekton-dag/pr-pipeline';
/** A component's folder in its repository (default: its catalog-info file's folder). */
export const ANNOTATION_SOURCE_PATH = 'tekton-dag/source-path';
/** Platforms a component is built for, comma-separated, e.g. `linux/amd64,linux/arm64`. */
export const ANNOTATION_PLATFORMS = 'tekton-dag/platforms';

/** The subset of a catalog entity these helpers read; any `Entity` fits. */
export interface AnnotatedEntity {
  metadata: { annotations?: Record<string, string | undefined> };
}

/** The Pipeline names of an entity's `tekton-dag/pipelines` annotation, trimmed and de-duplicated. */
export function getEntityPipelineNames(entity: AnnotatedEntity): string[] {
  const raw = entity.metadata.annotations?.[ANNOTATION_PIPELINES] ?? '';
  return [
    ...new Set(
      raw
        .split(',')
        .map(name => name.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The entity's `tekton-dag/params` values. Throws an Error saying what is wrong when the
 * annotation is not a JSON object of strings, string arrays or string maps.
 */
export function getEntityParamValues(
  entity: AnnotatedEntity,
): Record<string, ParamValue> {
  const raw = entity.metadata.annotations?.[ANNOTATION_PARAMS]?.trim();
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(
      `The ${ANNOTATION_PARAMS} annotation is not JSON: ${
        (error as Error).message
      }`,
    );
  }
  const isStrings = (value: unknown) =>
    Array.isArray(value) && value.every(v => typeof v === 'string');
  const isStringMap = (value: unknown) =>
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every(v => typeof v === 'string');
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(
      `The ${ANNOTATION_PARAMS} annotation must be a JSON object`,
    );
  for (const [name, value] of Object.entries(parsed as object)) {
    if (typeof value !== 'string' && !isStrings(value) && !isStringMap(value))
      throw new Error(
        `The ${ANNOTATION_PARAMS} annotation's "${name}" must be a string, an array of strings or an object of strings`,
      );
  }
  return parsed as Record<string, ParamValue>;
}

/** Whether tekton-dag has anything to show for an entity. */
export function isTektonDagAvailable(entity: AnnotatedEntity): boolean {
  return getEntityPipelineNames(entity).length > 0;
}

/**
 * The namespace of an entity's pipelines: `tekton-dag/namespace`, else
 * `backstage.io/kubernetes-namespace`, else `default`.
 */
export function getEntityPipelineNamespace(entity: AnnotatedEntity): string {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[ANNOTATION_NAMESPACE]?.trim() ||
    annotations[ANNOTATION_KUBERNETES_NAMESPACE]?.trim() ||
    'default'
  );
}

/** The cluster named by `tekton-dag/cluster`, or undefined to mean "the first configured cluster". */
export function getEntityClusterName(
  entity: AnnotatedEntity,
): string | undefined {
  return entity.metadata.annotations?.[ANNOTATION_CLUSTER]?.trim() || undefined;
}
