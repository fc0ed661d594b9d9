import { createHash } from 'crypto';
import {
  ANNOTATION_ENTITY_REF,
  ANNOTATION_TRIGGERED_BY,
  LABEL_ENTITY,
  LABEL_KUBERNETES_ID,
  LABEL_TRIGGER_KIND,
  TriggerKind,
} from '@tekton-dag/plugin-tekton-dag-common';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * An entity ref as a Kubernetes label value (at most 63 characters of [A-Za-z0-9._-], starting
 * and ending alphanumeric): `component:default/shop-api` becomes `component.default.shop-api`;
 * long refs keep a readable start and a hash, so the value stays unique and selectable.
 */
export function entityRefLabelValue(entityRef: string): string {
  const readable = entityRef
    .toLowerCase()
    .replace(/[:/]/g, '.')
    .replace(/[^a-z0-9._-]/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (readable.length <= 63 && LABEL_VALUE.test(readable)) return readable;
  const hash = createHash('sha256')
    .update(entityRef)
    .digest('hex')
    .slice(0, 10);
  return `${readable.slice(0, 52).replace(/[^a-z0-9]+$/, '')}-${hash}`;
}

/** The labels and annotations of a run tekton-dag creates: who, what for, how. */
export function runMetadata(options: {
  entityRef: string;
  trigger: TriggerKind;
  triggeredBy?: string;
}) {
  return {
    labels: {
      [LABEL_ENTITY]: entityRefLabelValue(options.entityRef),
      [LABEL_TRIGGER_KIND]: options.trigger,
    },
    annotations: {
      [ANNOTATION_ENTITY_REF]: options.entityRef,
      ...(options.triggeredBy
        ? { [ANNOTATION_TRIGGERED_BY]: options.triggeredBy }
        : {}),
    },
  };
}

/** How a PipelineRun found on a cluster is tied to a catalog entity, if it is. */
export type RunAttribution =
  | { entityRef: string }
  | { entityLabel: string }
  | { kubernetesId: string };

/**
 * Reads a run's attribution: our annotation (the full ref), else our label (created by a
 * TriggerTemplate that only sets labels), else the community Tekton plugin's
 * `backstage.io/kubernetes-id` label, which the caller resolves through the catalog.
 */
export function attributionOf(metadata: {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}): RunAttribution | undefined {
  const ref = metadata.annotations?.[ANNOTATION_ENTITY_REF];
  if (ref) return { entityRef: ref };
  const label = metadata.labels?.[LABEL_ENTITY];
  if (label) return { entityLabel: label };
  const id = metadata.labels?.[LABEL_KUBERNETES_ID];
  if (id) return { kubernetesId: id };
  return undefined;
}

/**
 * An attribution the catalog resolves, as stored with a run (`label=<value>` or
 * `kubernetes-id=<id>`), so a run recorded before the catalog knew its entity can be linked
 * later; undefined for a full entity ref, which needs no catalog.
 */
export function attributionKey(
  attribution: RunAttribution,
): string | undefined {
  if ('entityLabel' in attribution) return `label=${attribution.entityLabel}`;
  if ('kubernetesId' in attribution)
    return `kubernetes-id=${attribution.kubernetesId}`;
  return undefined;
}

/** The attribution of a stored key (see attributionKey); undefined for anything else. */
export function parseAttributionKey(key: string): RunAttribution | undefined {
  const [kind, ...rest] = key.split('=');
  const value = rest.join('=');
  if (!value) return undefined;
  if (kind === 'label') return { entityLabel: value };
  if (kind === 'kubernetes-id') return { kubernetesId: value };
  return undefined;
}
