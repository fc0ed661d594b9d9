import type {
  RunChange,
  TaskRunChange,
  TaskRunRecord,
} from '../database/RunStore';

/**
 * What happens after ingestion writes: each handler does one thing (publish signals, archive
 * logs, keep test summaries, notify). They run on the replica that made the change, once per
 * change, and a failing handler never stops tracking.
 */
export interface IngestionHandler {
  /** Runs whose stored row changed, with their previous status. */
  runsChanged?(changes: RunChange[]): Promise<void> | void;
  /** Task runs whose stored row changed. */
  taskRunsChanged?(
    cluster: string,
    changes: TaskRunChange[],
  ): Promise<void> | void;
  /**
   * Every task run a list found: a full view, for catching up on work a replica that died (or
   * a portal that was down) left undone, such as archiving logs. Handlers must be idempotent.
   */
  taskRunsListed?(
    cluster: string,
    taskRuns: TaskRunRecord[],
  ): Promise<void> | void;
}
