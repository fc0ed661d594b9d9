import type { ChangePublisher } from '../../signals/ChangePublisher';
import type { IngestionHandler } from '../IngestionHandler';

/** Live updates: changed runs and task runs to the browsers that show them. */
export function publishChanges(publisher: ChangePublisher): IngestionHandler {
  return {
    runsChanged: changes => publisher.runsChanged(changes),
    taskRunsChanged: (_cluster, changes) => publisher.taskRunsChanged(changes),
  };
}
