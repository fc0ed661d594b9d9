import { Route, Routes, useLocation, useParams } from 'react-router-dom';
import { RunPage } from '../components/RunPage';

function Query() {
  return <output aria-label="Query">{useLocation().search}</output>;
}

/**
 * The run page at `/runs/:runId`, linking other runs there too. With `showQuery`, the page's
 * query string is shown in an output named "Query", for tests of views kept in the URL.
 */
export function runPageRoutes(options: { showQuery?: boolean } = {}) {
  function RunRoute() {
    const { runId } = useParams();
    return (
      <>
        <RunPage runId={runId!} runLink={run => `/runs/${run.id}`} />
        {options.showQuery && <Query />}
      </>
    );
  }
  return (
    <Routes>
      <Route path="/runs/:runId" element={<RunRoute />} />
    </Routes>
  );
}
