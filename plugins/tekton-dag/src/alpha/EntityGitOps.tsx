import { EntityGitOpsView } from '../components/EntityGitOpsContent';
import { EntityGitOpsCardView } from '../components/EntityGitOpsCard';
import { useGitOpsTabPath, useRunLink } from './useTabPaths';

/**
 * The GitOps tab on the new frontend system. Deployed revisions link to their runs' pages
 * under the Pipelines tab, wherever the app put it (not links when it is disabled).
 */
export function EntityGitOpsTab() {
  return <EntityGitOpsView runLink={useRunLink()} />;
}

/** The GitOps overview card, linking to the GitOps tab and to run pages where they are. */
export function EntityGitOpsCard() {
  return (
    <EntityGitOpsCardView runLink={useRunLink()} tabLink={useGitOpsTabPath()} />
  );
}
