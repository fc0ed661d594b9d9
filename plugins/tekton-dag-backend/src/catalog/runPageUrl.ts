import { parseEntityRef } from '@backstage/catalog-model';

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
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `${appBaseUrl.replace(/\/+$/, '')}/catalog/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(kind.toLowerCase())}/${encodeURIComponent(
    name,
  )}/pipelines/runs/${encodeURIComponent(runId)}`;
}
