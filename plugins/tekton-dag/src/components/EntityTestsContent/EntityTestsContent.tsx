import { useMemo } from 'react';
import { runLinkUnder, useEntityTabPath } from '../../hooks/useEntityTabPath';
import { EntityTestsView } from './EntityTestsView';

/**
 * The entity's "Tests" tab. Its bars open runs on the Pipelines tab, which holds the run
 * pages: `pipelinesPath` is where the app mounted that tab below the entity page (the
 * catalog's entity route, wherever the catalog is), as for the overview card.
 */
export function EntityTestsContent(props: { pipelinesPath?: string }) {
  const pipelinesTab = useEntityTabPath(props.pipelinesPath ?? 'pipelines');
  const runLink = useMemo(() => runLinkUnder(pipelinesTab), [pipelinesTab]);
  return <EntityTestsView runLink={runLink} />;
}
