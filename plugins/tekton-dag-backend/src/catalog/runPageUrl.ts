import { parseEntityRef } from '@backstage/catalog-model';
import { runPagePath } from '@tekton-dag/plugin-tekton-dag-common';

/**
 * A run's page in the portal: the entity's pipelines tab, on that run, e.g.
 * `https://portal.example/catalog/default/component/shop-api/pipelines/runs/<uid>`. For links
 * that leave the portal (commit statuses, notifications).
 */
export function runPageUrl(
  appBaseUrl: string,
  entityRef: string,
  runId: string,
): string {
  return `${appBaseUrl.replace(/\/+$/, '')}${runPagePath(
    parseEntityRef(entityRef),
    runId,
  )}`;
}
