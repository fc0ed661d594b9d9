import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  AnnotatedEntity,
} from '@tekton-dag/plugin-tekton-dag-common';

/**
 * Whether the entity names Argo CD Applications, by `argocd/app-name` or `argocd/app-selector`
 * (the annotations of the existing Argo CD plugins): where the GitOps tab and card show.
 *
 * @public
 */
export function isArgoCdAvailable(entity: AnnotatedEntity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_ARGOCD_APP_NAME]?.trim() ||
      annotations[ANNOTATION_ARGOCD_APP_SELECTOR]?.trim(),
  );
}
