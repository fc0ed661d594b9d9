import { useMemo } from 'react';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import type { RunLink } from '../components/RunPage';
import { runLinkUnder } from '../hooks/useEntityTabPath';
import {
  tektonDagEntityGitOpsRouteRef,
  tektonDagEntityPipelinesRouteRef,
} from './routes';

/**
 * Run pages under the Pipelines tab, at the path the app configured for it; undefined when
 * the tab is disabled, so that runs are not links to nowhere.
 */
export function useRunLink(): RunLink | undefined {
  const pipelinesTab = useRouteRef(tektonDagEntityPipelinesRouteRef);
  const tabPath = pipelinesTab?.();
  return useMemo(
    () => (tabPath === undefined ? undefined : runLinkUnder(tabPath)),
    [tabPath],
  );
}

/** The GitOps tab's path for this entity, or undefined when the tab is disabled. */
export function useGitOpsTabPath(): string | undefined {
  const gitopsTab = useRouteRef(tektonDagEntityGitOpsRouteRef);
  return gitopsTab?.();
}
