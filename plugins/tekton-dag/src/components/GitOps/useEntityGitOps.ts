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
 * become one reload; the newest request wins, and the last value stays while reloading (and
 * when a reload fails), but only for the same entity.
 */
export function useEntityGitOps(entity: Entity): EntityGitOpsState {
  const api = useApi(tektonDagApiRef);
  const available = isArgoCdAvailable(entity);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const entityRef = stringifyEntityRef(entity);
  // Kept per entity: another entity's Applications (and their Sync buttons) never show.
  const [state, setState] = useState<{
    entityRef: string;
    value?: EntityGitOps;
    error?: Error;
    loading: boolean;
  }>();
  const request = useRef(0);

  const reload = useCallback(async () => {
    const id = ++request.current;
    if (!available) {
      setState({ entityRef, loading: false });
      return;
    }
    setState(s =>
      s?.entityRef === entityRef
        ? { ...s, loading: true }
        : { entityRef, loading: true },
    );
    try {
      const value = await api.getEntityGitOps({ kind, namespace, name });
      if (id === request.current)
        setState({ entityRef, value, loading: false });
    } catch (e) {
      if (id === request.current)
        setState(s => ({
          entityRef,
          value: s?.entityRef === entityRef ? s.value : undefined,
          error: e as Error,
          loading: false,
        }));
    }
  }, [api, available, entityRef, kind, namespace, name]);

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

  const current =
    state?.entityRef === entityRef
      ? {
          value: state.value,
          error: state.error,
          loading: state.loading,
        }
      : { loading: available };
  return { available, ...current, live, reload };
}
