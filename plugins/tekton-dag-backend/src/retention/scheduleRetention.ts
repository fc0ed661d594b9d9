import type { Config } from '@backstage/config';
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { RunStore } from '../store/RunStore';

/**
 * Registers the history cleaner (hourly) when `tektonDag.retention` sets a limit; does nothing
 * otherwise, so history is kept forever by default.
 */
export async function scheduleRetention(options: {
  config: Config;
  scheduler: SchedulerService;
  store: RunStore;
  logger: LoggerService;
}): Promise<boolean> {
  const { config, scheduler, store, logger } = options;
  const maxAgeDays = config.getOptionalNumber('tektonDag.retention.maxAgeDays');
  const maxRunsPerPipeline = config.getOptionalNumber(
    'tektonDag.retention.maxRunsPerPipeline',
  );
  for (const [key, value] of [
    ['maxAgeDays', maxAgeDays],
    ['maxRunsPerPipeline', maxRunsPerPipeline],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new Error(
        `tektonDag.retention.${key} must be a whole number of at least 1, not ${value}`,
      );
    }
  }
  if (maxAgeDays === undefined && maxRunsPerPipeline === undefined)
    return false;
  await scheduler.scheduleTask({
    id: 'tekton-dag-retention',
    frequency: { hours: 1 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const deleted = await store.deleteHistory({
        olderThan: maxAgeDays
          ? new Date(Date.now() - maxAgeDays * 86_400_000)
          : undefined,
        keepPerPipeline: maxRunsPerPipeline,
      });
      if (deleted)
        logger.info(
          `tekton-dag retention deleted ${deleted} run(s) from the history`,
        );
    },
  });
  return true;
}
