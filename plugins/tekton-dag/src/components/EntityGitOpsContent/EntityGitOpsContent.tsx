import { useMemo } from 'react';
import { runLinkUnder, useEntityTabPath } from '../../hooks/useEntityTabPath';
import { EntityGitOpsView } from './EntityGitOpsView';

/**
 * The entity's "GitOps" tab (legacy frontend system): its Argo CD Applications. Deployed
 * revisions link to the runs that built them, whose pages are on the Pipelines tab:
 * `pipelinesPath` is where the app mounted that tab below the entity page.
 */
export function EntityGitOpsContent(props: { pipelinesPath?: string }) {
  const pipelinesTab = useEntityTabPath(props.pipelinesPath ?? 'pipelines');
  const runLink = useMemo(() => runLinkUnder(pipelinesTab), [pipelinesTab]);
  return <EntityGitOpsView runLink={runLink} />;
}
