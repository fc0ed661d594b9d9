import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  TestCase,
  TestCaseStatus,
} from '@tekton-dag/plugin-tekton-dag-common';
import { tektonDagApiRef } from '../../api';

export interface TestCasesState {
  /** The pages loaded so far, failures first (the server's order). */
  items: TestCase[];
  /** Cases matching the filter over all pages; unknown until the first page arrives. */
  total?: number;
  loading: boolean;
  error?: Error;
}

/**
 * A task's test cases filtered on the server, a page at a time: a report can hold a hundred
 * thousand cases, so the browser never holds more than the pages someone asked for.
 * `refreshKey` changing (a new upload) reloads from the first page.
 */
export function useTestCases(options: {
  runId: string;
  pipelineTask: string;
  status: TestCaseStatus[];
  q: string;
  pageSize: number;
  refreshKey?: unknown;
}): TestCasesState & { loadMore(): void } {
  const { runId, pipelineTask, status, q, pageSize, refreshKey } = options;
  const api = useApi(tektonDagApiRef);
  const [state, setState] = useState<TestCasesState>({
    items: [],
    loading: true,
  });
  const request = useRef(0);
  const statusKey = status.join(',');

  const fetchPage = useCallback(
    async (offset: number) => {
      const id = ++request.current;
      setState(s => ({ ...s, loading: true }));
      try {
        const page = await api.listTestCases({
          runId,
          pipelineTask,
          status: statusKey
            ? (statusKey.split(',') as TestCaseStatus[])
            : undefined,
          q: q || undefined,
          limit: pageSize,
          offset,
        });
        if (id !== request.current) return; // a newer query wins
        setState(s => ({
          items: offset === 0 ? page.items : [...s.items, ...page.items],
          total: page.total,
          loading: false,
        }));
      } catch (e) {
        if (id === request.current)
          setState(s => ({ ...s, loading: false, error: e as Error }));
      }
    },
    [api, runId, pipelineTask, statusKey, q, pageSize],
  );

  useEffect(() => {
    void fetchPage(0);
  }, [fetchPage, refreshKey]);

  const loaded = state.items.length;
  const loadMore = useCallback(
    () => void fetchPage(loaded),
    [fetchPage, loaded],
  );
  return { ...state, loadMore };
}
