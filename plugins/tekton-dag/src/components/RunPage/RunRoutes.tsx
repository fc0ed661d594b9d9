import { ReactElement, useMemo } from 'react';
import { Route, Routes, useParams, useResolvedPath } from 'react-router-dom';
import { RunPage } from './RunPage';

/** Where a run's page is, below the page that mounts {@link RunRoutes}. */
export type RunLink = (run: { id: string }) => string;

function RunRoute(props: { runLink: RunLink }) {
  const { runId } = useParams();
  return <RunPage runId={runId!} runLink={props.runLink} />;
}

/**
 * A list page with its runs' pages below it at `runs/:runId`, wherever the app mounts it
 * (an entity tab, the portal-wide page): deep links work in both.
 */
export function RunRoutes(props: { list: (runLink: RunLink) => ReactElement }) {
  const base = useResolvedPath('.').pathname.replace(/\/$/, '');
  const runLink = useMemo<RunLink>(
    () => run => `${base}/runs/${encodeURIComponent(run.id)}`,
    [base],
  );
  return (
    <Routes>
      <Route path="/" element={props.list(runLink)} />
      <Route path="runs/:runId" element={<RunRoute runLink={runLink} />} />
    </Routes>
  );
}
