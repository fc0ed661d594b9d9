import type { LogService } from '../../logs/LogService';
import type { IngestionHandler } from '../IngestionHandler';

/** Step logs into the database when task runs finish, so they outlive their pods. */
export function archiveLogs(logs: LogService): IngestionHandler {
  return {
    taskRunsChanged: (cluster, changes) =>
      logs.archiveFinished(
        cluster,
        changes.map(change => change.taskRun),
      ),
    taskRunsListed: (cluster, taskRuns) =>
      logs.archiveFinished(cluster, taskRuns),
  };
}
