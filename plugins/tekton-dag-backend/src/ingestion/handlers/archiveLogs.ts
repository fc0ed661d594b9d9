import type { LogService } from '../../logs/LogService';
import type { IngestionHandler } from '../IngestionHandler';

/**
 * A list's task runs worth catching up on: those that finished in the last hour (a watcher that
 * died left them); older ones were archived, or their pods are long gone.
 */
const CATCH_UP_MS = 60 * 60_000;

/** Step logs into the database when task runs finish, so they outlive their pods. */
export function archiveLogs(logs: LogService): IngestionHandler {
  return {
    taskRunsChanged: (cluster, changes) =>
      logs.archiveFinished(
        cluster,
        changes.map(change => change.taskRun),
      ),
    taskRunsListed: (cluster, taskRuns) => {
      const since = Date.now() - CATCH_UP_MS;
      return logs.archiveFinished(
        cluster,
        taskRuns.filter(
          t => t.completedAt && Date.parse(t.completedAt) >= since,
        ),
      );
    },
  };
}
