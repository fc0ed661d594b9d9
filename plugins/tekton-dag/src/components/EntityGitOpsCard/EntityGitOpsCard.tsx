import { useMemo } from 'react';
import { runLinkUnder, useEntityTabPath } from '../../hooks/useEntityTabPath';
import { EntityGitOpsCardView } from './EntityGitOpsCardView';

/**
 * The entity overview's GitOps card (legacy frontend system). Its links go to the GitOps tab
 * and to run pages on the Pipelines tab: `gitopsPath` and `pipelinesPath` are where the app
 * mounted those tabs below the entity page.
 */
export function EntityGitOpsCard(props: {
  gitopsPath?: string;
  pipelinesPath?: string;
}) {
  const gitopsTab = useEntityTabPath(props.gitopsPath ?? 'gitops');
  const pipelinesTab = useEntityTabPath(props.pipelinesPath ?? 'pipelines');
  const runLink = useMemo(() => runLinkUnder(pipelinesTab), [pipelinesTab]);
  return <EntityGitOpsCardView runLink={runLink} tabLink={gitopsTab} />;
}
