import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EntityGitOps,
  tektonDagGitOpsChannel,
} from '@tekton-dag/plugin-tekton-dag-common';
import { tektonDagApiRef } from '../../api';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { isArgoCdAvailable } from '../../isArgoCdAvailable';

export interface EntityGitOpsState {
  /** Whether the entity names Argo CD Applications at all (nothing is loaded otherwise). */
  available: boolean;
  value?: EntityGitOps;
  error?: Error;
  loading: boolean;
  /** Whether signals reach this browser: without them, offer `reload`. */
  live: boolean;
  reload(): Promise<void>;
}

/**
 * The entity's Argo CD Applications, reloaded when the backend signals a change on the
 * entity's GitOps channel. Signals come in bursts (a sync changes every resource), so they
 * become one reload; the newest request wins, and the last value stays while reloading.
 */
export function useEntityGitOps(entity: Entity): EntityGitOpsState {
  const api = useApi(tektonDagApiRef);
  const available = isArgoCdAvailable(entity);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const entityRef = stringifyEntityRef(entity);
  const [state, setState] = useState<{
    value?: EntityGitOps;
    error?: Error;
    loading: boolean;
  }>({ loading: available });
  const request = useRef(0);

  const reload = useCallback(async () => {
    const id = ++request.current;
    if (!available) {
      setState({ loading: false });
      return;
    }
    setState(s => ({ ...s, loading: true }));
    try {
      const value = await api.getEntityGitOps({ kind, namespace, name });
      if (id === request.current) setState({ value, loading: false });
    } catch (e) {
      if (id === request.current)
        setState(s => ({ value: s.value, error: e as Error, loading: false }));
    }
  }, [api, available, kind, namespace, name]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const timer = useRef<ReturnType<typeof setTimeout>>();
  const { live } = useLiveUpdates(
    available ? tektonDagGitOpsChannel(entityRef) : undefined,
    () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void reload(), 250);
    },
  );
  useEffect(() => () => clearTimeout(timer.current), []);

  return { available, ...state, live, reload };
}
