export type ForgeType = 'github' | 'gitea';

/** A configured forge (`tektonDag.forges[]`), credentials included: it never leaves the backend. */
export interface ForgeConfig {
  type: ForgeType;
  /** The host pull requests come from, as webhooks name it (`github.com`, `gitea.example:3000`). */
  host: string;
  /**
   * API base; default https://api.github.com for host github.com, https://<host>/api/v3 for
   * other GitHub hosts, https://<host>/api/v1 for gitea.
   */
  apiBaseUrl?: string;
  token?: string;
  /**
   * A local clone of the forge's repositories: changed files come from `git diff` there and
   * statuses are only logged (the local demo).
   */
  checkout?: string;
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha: string;
}

export type CommitState = 'pending' | 'success' | 'failure' | 'error';

export interface CommitStatus {
  state: CommitState;
  targetUrl?: string;
  description: string;
  /** Identifies the check on the commit: a later status with the same context replaces it. */
  context: string;
}

export interface ForgeClient {
  /** Every path the pull request touches; a rename gives both the old and the new path. */
  listChangedFiles(pr: PullRequestRef): Promise<string[]>;
  /** `sent` to the forge, or only `logged` (a local checkout has nowhere to send it). */
  setCommitStatus(
    ref: { owner: string; repo: string; sha: string },
    status: CommitStatus,
  ): Promise<'sent' | 'logged'>;
}
