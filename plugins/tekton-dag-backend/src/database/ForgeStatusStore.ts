import type { CommitState, ForgeType } from '../forges/types';

/** A commit status a run owes its pull request's forge. */
export interface OwedForgeStatus {
  runUid: string;
  forge: ForgeType;
  host: string;
  /** `owner/name` */
  repository: string;
  sha: string;
  targetUrl?: string;
  /** The status's name on the forge, e.g. `tekton-dag/pull-request`. */
  context: string;
  /** What the forge has now; undefined before the first status reached it. */
  reportedState?: CommitState;
  attempts: number;
}

/**
 * The commit statuses owed to forges, one row per run, kept until the forge has the run's
 * final state. Level-triggered: the reporter compares each row with its run's status and sends
 * what differs, so a status is never lost to a crash, a restart or a forge that was down.
 */
export interface ForgeStatusStore {
  /** A new run owes a status (idempotent by run). */
  add(
    status: Omit<OwedForgeStatus, 'reportedState' | 'attempts'>,
  ): Promise<void>;
  /** Rows not settled whose next attempt is due, oldest first. */
  listDue(limit: number, now?: Date): Promise<OwedForgeStatus[]>;
  /** The forge has `state`; `settled` when it is the run's final one. */
  markReported(
    runUid: string,
    state: CommitState,
    settled: boolean,
  ): Promise<void>;
  /** Sending failed: try again at `nextAttemptAt`, or never (`giveUp`). */
  markFailed(
    runUid: string,
    error: string,
    nextAttemptAt: Date,
    giveUp: boolean,
  ): Promise<void>;
  /** Brings a row's next attempt forward (its run changed status). */
  makeDue(runUids: string[]): Promise<void>;
  /** Forgets settled rows last touched before a time. */
  deleteSettledBefore(before: Date): Promise<number>;
}
