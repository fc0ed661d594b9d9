import { isStatusTransition } from '../../database/RunStore';
import type { ForgeStatusReporter } from '../../orchestrator/ForgeStatusReporter';
import type { IngestionHandler } from '../IngestionHandler';

/**
 * Pull-request runs that changed status: their commit statuses are sent now rather than at the
 * reporter's next round. Sending happens apart from tracking (it is not awaited), so a slow
 * forge never holds up the watch.
 */
export function reportToForges(
  reporter: ForgeStatusReporter,
): IngestionHandler {
  return {
    runsChanged: changes => {
      const uids = changes
        .filter(change => change.run.pullRequest && isStatusTransition(change))
        .map(change => change.run.id);
      if (uids.length) reporter.runsChanged(uids).catch(() => {});
    },
  };
}
