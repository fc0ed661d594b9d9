import type { GitOpsSource } from '@tekton-dag/plugin-tekton-dag-common';
import type { ArgoCdApplication } from './toGitOpsApplication';

/** Which Applications an entity has, from its `argocd/*` annotations. */
export interface ApplicationQuery {
  /** The Applications' namespace (`argocd/app-namespace`); for API servers, only when set. */
  namespace?: string;
  /** `argocd/app-name`: these Applications, each of which should exist. */
  names: string[];
  /** `argocd/app-selector`: every Application whose labels match (already validated). */
  selector?: string;
}

/** What a source read: the Applications, and what it could not read (never with secrets). */
export interface ApplicationRead {
  applications: ArgoCdApplication[];
  errors: Array<{ application?: string; message: string }>;
}

/**
 * Where Argo CD Applications come from: the `argoproj.io` custom resources of a configured
 * cluster, or an Argo CD API server. Both are watched: their changes are pushed (`onChange`).
 */
export interface ApplicationSource {
  /** How the API names this source. */
  readonly source: GitOpsSource;
  read(query: ApplicationQuery): Promise<ApplicationRead>;
  /** Starts watching where a query reads, without reading (viewers on other replicas). */
  watch(query: Pick<ApplicationQuery, 'namespace'>): void;
  /**
   * Asks Argo CD to sync the Application to `revision` (its target revision), as `user`.
   * Throws a ConflictError when an operation is already running.
   */
  sync(
    app: ArgoCdApplication,
    options: { revision?: string; user?: string },
  ): Promise<void>;
  /** Asks Argo CD to compare the Application with git again (a "normal" refresh). */
  refresh(app: ArgoCdApplication): Promise<void>;
  stop(): Promise<void>;
}

/** An Application of a watched source changed: added, updated, or deleted (`deleted`). */
export interface ApplicationChange {
  source: GitOpsSource;
  namespace: string;
  app: ArgoCdApplication;
  /** The Application as it was before, when known: its labels may have matched. */
  previous?: ArgoCdApplication;
  deleted: boolean;
}
