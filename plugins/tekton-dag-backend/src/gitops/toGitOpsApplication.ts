import type {
  GitOpsApplication,
  GitOpsHistoryEntry,
  GitOpsResource,
  GitOpsSource,
} from '@tekton-dag/plugin-tekton-dag-common';

/**
 * An Argo CD Application as JSON: the same shape from the `argoproj.io/v1alpha1` custom
 * resource and from Argo CD's REST API. Only what the mapping reads is typed.
 */
export interface ArgoCdApplication {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  spec?: any;
  status?: any;
  operation?: any;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Who started an operation: a user name, `automated` for Argo CD's automated sync. */
function initiatorOf(initiatedBy: any): string | undefined {
  if (!initiatedBy) return undefined;
  return (
    str(initiatedBy.username) ??
    (initiatedBy.automated ? 'automated' : undefined)
  );
}

/** The first source of a single- or multi-source Application. */
function sourceOf(spec: any): any {
  return spec?.source ?? spec?.sources?.[0] ?? {};
}

/** Argo CD writes sync waves as numbers or numeric strings; 0 when unset. */
function syncWaveOf(value: unknown): number {
  const wave = typeof value === 'string' ? Number(value) : value;
  return typeof wave === 'number' && Number.isFinite(wave) ? wave : 0;
}

function historyOf(status: any): GitOpsHistoryEntry[] {
  const history: any[] = Array.isArray(status?.history) ? status.history : [];
  return history
    .map((entry, index) => ({
      id: typeof entry.id === 'number' ? entry.id : Number(entry.id ?? index),
      revision: str(entry.revision) ?? str(entry.revisions?.[0]) ?? '',
      deployedAt: str(entry.deployedAt),
      deployStartedAt: str(entry.deployStartedAt),
      initiatedBy: initiatorOf(entry.initiatedBy),
      index,
    }))
    .sort((a, b) => b.id - a.id || b.index - a.index)
    .map(({ index: _index, ...entry }) => entry);
}

function resourcesOf(status: any): GitOpsResource[] {
  const resources: any[] = Array.isArray(status?.resources)
    ? status.resources
    : [];
  return resources.map(resource => ({
    group: str(resource.group),
    version: str(resource.version),
    kind: resource.kind ?? '',
    namespace: str(resource.namespace),
    name: resource.name ?? '',
    syncWave: syncWaveOf(resource.syncWave),
    status: str(resource.status),
    health: str(resource.health?.status),
    healthMessage: str(resource.health?.message),
    requiresPruning: resource.requiresPruning ? true : undefined,
  }));
}

function operationOf(status: any): GitOpsApplication['operation'] {
  const state = status?.operationState;
  if (!state || !str(state.phase)) return undefined;
  return {
    phase: state.phase,
    message: str(state.message),
    startedAt: str(state.startedAt),
    finishedAt: str(state.finishedAt),
    initiatedBy: initiatorOf(state.operation?.initiatedBy),
    revision:
      str(state.syncResult?.revision) ??
      str(state.syncResult?.revisions?.[0]) ??
      str(state.operation?.sync?.revision) ??
      str(state.operation?.sync?.revisions?.[0]),
  };
}

/**
 * An Argo CD Application as the GitOps tab shows it: sync and health, the last operation,
 * history newest first, and the resources it manages with their sync waves. `builtBy` is
 * attached later, from the run history.
 */
export function toGitOpsApplication(
  app: ArgoCdApplication,
  source: GitOpsSource,
): GitOpsApplication {
  const { spec, status } = app;
  const gitSource = sourceOf(spec);
  const automated = spec?.syncPolicy?.automated;
  const destination = spec?.destination;
  return {
    name: app.metadata.name,
    namespace: str(app.metadata.namespace),
    source,
    project: str(spec?.project),
    repoURL: str(gitSource.repoURL),
    path: str(gitSource.path) ?? str(gitSource.chart),
    targetRevision: str(gitSource.targetRevision),
    destination: destination
      ? {
          server: str(destination.server),
          name: str(destination.name),
          namespace: str(destination.namespace),
        }
      : undefined,
    // `automated: {}` enables automated sync; newer Argo CD can say `enabled: false`.
    automated:
      automated && automated.enabled !== false
        ? { prune: !!automated.prune, selfHeal: !!automated.selfHeal }
        : undefined,
    sync: {
      status: str(status?.sync?.status) ?? 'Unknown',
      revision:
        str(status?.sync?.revision) ?? str(status?.sync?.revisions?.[0]),
    },
    health: {
      status: str(status?.health?.status) ?? 'Unknown',
      message: str(status?.health?.message),
    },
    operation: operationOf(status),
    history: historyOf(status),
    resources: resourcesOf(status),
    reconciledAt: str(status?.reconciledAt),
  };
}
