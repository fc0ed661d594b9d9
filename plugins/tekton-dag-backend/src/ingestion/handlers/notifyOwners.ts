import { isFailedStatus } from '@tekton-dag/plugin-tekton-dag-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { RunChange } from '../../database/RunStore';
import { isStatusTransition } from '../../database/RunStore';
import { errorForLog } from '../../logging/errorForLog';
import type { RunNotifier } from '../../notifications/RunNotifier';
import type { IngestionHandler } from '../IngestionHandler';

/**
 * How long after a run's change the notification is composed: the run's task runs and test
 * summaries are written by other batches, which this lets land (the failing task, the test).
 */
const SETTLE_MS = 2_000;

/**
 * A run first seen already finished (a list after the portal was down, or on its first
 * start) is notified about only if it finished this recently: not the cluster's whole history.
 */
const FIRST_SEEN_WITHIN_MS = 60 * 60_000;

/** Whether `tektonDag.notifications.enabled` (default true) is on. */
function notificationsEnabled(config: Config): boolean {
  return config.getOptionalBoolean('tektonDag.notifications.enabled') ?? true;
}

/**
 * Failure notifications to the owners of a run's entity: a run of an entity that turns
 * Failed or TimedOut, and a Succeeded one after a failure ("fixed"; see RunNotifier). The run
 * store reports each status transition to exactly one writer, whatever the replicas and
 * replayed watch events, so each is notified once. Tracking never waits for it (the tracker
 * does not await handlers), and errors are logged, never thrown.
 */
export function notifyOwners(
  notifier: Pick<RunNotifier, 'runFinished'>,
  options: {
    config: Config;
    logger: LoggerService;
    /** Milliseconds to wait before composing (default 2000; tests use 0). */
    settleMs?: number;
    now?: () => number;
  },
): IngestionHandler {
  if (!notificationsEnabled(options.config)) return {};
  const { logger } = options;
  const now = options.now ?? Date.now;
  const notable = (change: RunChange) => {
    const { run } = change;
    if (!run.entityRef || !isStatusTransition(change)) return false;
    if (!isFailedStatus(run.status) && run.status !== 'Succeeded') return false;
    if (change.previousStatus !== undefined || !run.completedAt) return true;
    return now() - Date.parse(run.completedAt) <= FIRST_SEEN_WITHIN_MS;
  };
  return {
    runsChanged: async changes => {
      const finished = changes
        .filter(notable)
        .map(change => change.run)
        // In the order they finished, so an entity's last notification is its latest news.
        .sort(
          (a, b) =>
            Date.parse(a.completedAt ?? a.createdAt) -
            Date.parse(b.completedAt ?? b.createdAt),
        );
      if (!finished.length) return;
      const settleMs = options.settleMs ?? SETTLE_MS;
      if (settleMs > 0)
        await new Promise(resolve => setTimeout(resolve, settleMs));
      for (const run of finished) {
        try {
          await notifier.runFinished(run);
        } catch (error) {
          logger.warn(
            `Could not notify the owners of ${run.entityRef} about run ${run.name}`,
            errorForLog(error),
          );
        }
      }
    },
  };
}
