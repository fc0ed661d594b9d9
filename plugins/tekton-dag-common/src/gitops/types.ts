import type { ReportTotals } from '../reports/types';
import type { RunStatus } from '../types';

/** The tekton-dag run that built a deployed revision (matched by the git revision it recorded). */
export interface BuiltBy {
  runId: string;
  runName: string;
  pipeline: string;
  status: RunStatus;
  createdAt: string;
  /** The run's test totals over its tasks' reports, when it has any. */
  totals?: ReportTotals;
}

/** Where an Application was read from. */
export type GitOpsSource =
  | { kind: 'kubernetes'; cluster: string }
  | { kind: 'argocd'; instance: string };

/** A resource an Application manages, as its status lists it. */
export interface GitOpsResource {
  group?: string;
  version?: string;
  kind: string;
  namespace?: string;
  name: string;
  /** `argocd.argoproj.io/sync-wave`; 0 when unset. */
  syncWave: number;
  /** Synced, OutOfSync, Unknown. */
  status?: string;
  /** Healthy, Progressing, Degraded, Suspended, Missing, Unknown. */
  health?: string;
  healthMessage?: string;
  requiresPruning?: boolean;
}

/** One deployment of the Application: a finished sync. */
export interface GitOpsHistoryEntry {
  id: number;
  revision: string;
  deployedAt?: string;
  deployStartedAt?: string;
  /** A user name, or "automated" for Argo CD's automated sync. */
  initiatedBy?: string;
  builtBy?: BuiltBy;
}

/** An Argo CD Application as the GitOps tab shows it. */
export interface GitOpsApplication {
  name: string;
  /** The Application resource's namespace (Argo CD's "app namespace"). */
  namespace?: string;
  source: GitOpsSource;
  project?: string;
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  destination?: { server?: string; name?: string; namespace?: string };
  /** Whether Argo CD syncs by itself (and heals drift). */
  automated?: { prune?: boolean; selfHeal?: boolean };
  sync: {
    /** Synced, OutOfSync, Unknown. */
    status: string;
    revision?: string;
  };
  health: { status: string; message?: string };
  /** The last or current sync operation. */
  operation?: {
    /** Running, Succeeded, Failed, Error, Terminating. */
    phase: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    initiatedBy?: string;
    revision?: string;
  };
  /** Newest first. */
  history: GitOpsHistoryEntry[];
  resources: GitOpsResource[];
  reconciledAt?: string;
  /** The run that built the revision in sync now. */
  builtBy?: BuiltBy;
}

/** `GET /entities/:kind/:namespace/:name/gitops`. */
export interface EntityGitOps {
  items: GitOpsApplication[];
  /** Applications or sources that could not be read, said per source; never with secrets. */
  errors: Array<{
    source: GitOpsSource;
    application?: string;
    message: string;
  }>;
}
