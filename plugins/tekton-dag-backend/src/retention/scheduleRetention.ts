import type { Config } from '@backstage/config';
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { cleanHistory, HistoryStores } from './cleanHistory';

/**
 * Reads `tektonDag.retention` (off unless a limit is set: history is kept forever by default).
 */
export function readRetentionConfig(config: Config): {
  maxAgeDays?: number;
  maxRunsPerPipeline?: number;
} {
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
  return { maxAgeDays, maxRunsPerPipeline };
}

/**
 * Registers the history cleaner, hourly, on one replica at a time (the scheduler's global
 * scope): the retention limits when set, and always the orphan reports and abandoned uploads.
 */
export async function scheduleRetention(options: {
  config: Config;
  scheduler: SchedulerService;
  stores: HistoryStores;
  logger: LoggerService;
}): Promise<void> {
  const { config, scheduler, stores, logger } = options;
  const { maxAgeDays, maxRunsPerPipeline } = readRetentionConfig(config);
  await scheduler.scheduleTask({
    id: 'tekton-dag-retention',
    frequency: { hours: 1 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const cleaned = await cleanHistory(stores, {
        olderThan: maxAgeDays
          ? new Date(Date.now() - maxAgeDays * 86_400_000)
          : undefined,
        keepPerPipeline: maxRunsPerPipeline,
      });
      if (cleaned.runs || cleaned.orphanReports || cleaned.abandonedUploads)
        logger.info(
          `tekton-dag history cleaner deleted ${cleaned.runs} run(s), ${cleaned.orphanReports} orphan report(s) and ${cleaned.abandonedUploads} abandoned upload(s)`,
        );
    },
  });
}
