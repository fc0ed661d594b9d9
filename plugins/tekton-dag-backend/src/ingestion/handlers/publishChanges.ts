import type { ChangePublisher } from '../../signals/ChangePublisher';
import type { RunTransitionAnnouncer } from '../../signals/RunTransitionAnnouncer';
import type { IngestionHandler } from '../IngestionHandler';

/**
 * Live updates: changed runs and task runs to the browsers that show them, and the status
 * transitions this replica recorded to the lists (from the outbox, see the announcer).
 */
export function publishChanges(
  publisher: ChangePublisher,
  transitions: RunTransitionAnnouncer,
): IngestionHandler {
  return {
    runsChanged: async changes => {
      publisher.runsChanged(changes);
      await transitions.announce(changes);
    },
    taskRunsChanged: (_cluster, changes) => publisher.taskRunsChanged(changes),
  };
}
