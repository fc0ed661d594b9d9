import type { Knex } from 'knex';

export interface ArchivedLog {
  text: string;
  truncated: boolean;
}

/** Step logs of finished task runs, kept in the portal database once their pods may be gone. */
export interface LogStore {
  archive(entry: {
    taskRunUid: string;
    runUid: string;
    step: string;
    text: string;
  }): Promise<void>;
  get(taskRunUid: string, step: string): Promise<ArchivedLog | undefined>;
  /** Which of these task runs have no archived log yet. */
  listUnarchived(taskRunUids: string[]): Promise<Set<string>>;
  /** Deletes the runs' logs inside the caller's transaction (see retention). */
  deleteForRuns(runUids: string[], tx: Knex.Transaction): Promise<void>;
}
