import type { GitOpsSource } from '@tekton-dag/plugin-tekton-dag-common';

/** An entity's GitOps view: which Applications of which source it shows. */
export interface GitOpsInterest {
  entityRef: string;
  source: GitOpsSource;
  /** `argocd/app-namespace` (or the default); undefined: any (API servers). */
  namespace?: string;
  names: string[];
  selector?: string;
}

/**
 * What the replicas share about GitOps views: the interests (so every replica watches and
 * signals for entities viewed through any replica, also after a restart), and claims on the
 * changes they publish (so each change reaches each entity's viewers once, however many
 * replicas saw it).
 */
export interface GitOpsStore {
  saveInterest(interest: GitOpsInterest): Promise<void>;
  listInterests(): Promise<GitOpsInterest[]>;
  /** Takes the claim to publish a change; true for the one replica that got it. */
  claim(key: string): Promise<boolean>;
  /** Forgets interests not seen since, and claims made before, a time. */
  deleteStale(options: {
    interestsSeenBefore: Date;
    claimsBefore: Date;
  }): Promise<void>;
}
