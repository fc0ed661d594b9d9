import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useEffect, useState } from 'react';
import { tektonDagApiRef } from '../../api';
import { appendCapped, CappedLog, emptyLog } from './cappedLog';

export interface LogStreamRequest {
  runId: string;
  taskRunName: string;
  step?: string;
  /** Keep the stream open while the step runs. */
  follow: boolean;
  /**
   * Changes whenever the log should be read again from the start, e.g. the step's status:
   * when a step finishes, its live log is replaced by the archived one.
   */
  refetchKey?: string;
}

export interface LogStream extends CappedLog {
  /** The stream has ended (or failed): no more text will come. */
  done: boolean;
  error?: Error;
  retry(): void;
}

interface State extends CappedLog {
  key: string;
  done: boolean;
  error?: Error;
}

/**
 * Streams a step's log into memory (its last ~5 MB), aborting the request when the step,
 * the follow mode or the component goes away.
 */
export function useLogStream(request: LogStreamRequest): LogStream {
  const { runId, taskRunName, step, follow, refetchKey } = request;
  const api = useApi(tektonDagApiRef);
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify([
    runId,
    taskRunName,
    step,
    follow,
    refetchKey,
    attempt,
  ]);
  const [state, setState] = useState<State>({
    key,
    ...emptyLog,
    done: false,
  });

  useEffect(() => {
    if (!step) return undefined;
    const controller = new AbortController();
    const { signal } = controller;
    let log = emptyLog;
    setState({ key, ...log, done: false });
    api
      .streamLogs({ runId, taskRunName, step, follow, signal }, chunk => {
        if (signal.aborted) return;
        log = appendCapped(log, chunk);
        setState({ key, ...log, done: false });
      })
      .then(
        () => {
          if (!signal.aborted) setState({ key, ...log, done: true });
        },
        error => {
          if (!signal.aborted) setState({ key, ...log, done: true, error });
        },
      );
    return () => controller.abort();
  }, [api, key, runId, taskRunName, step, follow]);

  const retry = useCallback(() => setAttempt(n => n + 1), []);

  if (!step) return { ...emptyLog, done: true, retry };
  // Until the effect has started the new request, the state still holds the previous log.
  if (state.key !== key) return { ...emptyLog, done: false, retry };
  return { ...state, retry };
}
