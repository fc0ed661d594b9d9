import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { TaskReport } from '@tekton-dag/plugin-tekton-dag-common';
import { tektonDagApiRef } from '../../api';

export interface RunReportsState {
  /** The run's reports per task; undefined until the first answer. */
  items?: TaskReport[];
  error?: Error;
}

/**
 * A run's test reports, fetched once per run page (the Tests tab and the task panel share
 * them) and again whenever `reloadKey` changes: the run page derives it from the run's status
 * and finished tasks, which is when reports arrive. Undefined `reloadKey` waits (the run is
 * loading). A failed reload keeps the reports already shown.
 */
export function useRunReports(
  runId: string,
  reloadKey: string | undefined,
): RunReportsState {
  const api = useApi(tektonDagApiRef);
  const [state, setState] = useState<RunReportsState & { runId: string }>();

  useEffect(() => {
    if (reloadKey === undefined) return undefined;
    let current = true;
    api.getRunReports(runId).then(
      result => {
        if (current) setState({ runId, items: result.items });
      },
      error => {
        if (current)
          setState(s => ({
            runId,
            items: s?.runId === runId ? s.items : undefined,
            error,
          }));
      },
    );
    return () => {
      current = false;
    };
  }, [api, runId, reloadKey]);

  return state?.runId === runId ? state : {};
}
