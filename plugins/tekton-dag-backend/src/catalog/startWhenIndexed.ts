import type {
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { RunStore } from '../database/RunStore';
import type { EntityIndex } from './EntityIndex';

/** How long ingestion waits for the catalog before it starts without the entity index. */
const INDEX_WAIT_MS = 30_000;
const RETRY_MS = 1_000;

/**
 * Once the backend has started: loads the entity index (retrying while the catalog is not
 * answering yet, for at most 30 s), links runs recorded without their entity, then calls
 * `start`. Runs attributed by label are thus recorded with their entity from the first event;
 * if the catalog stays away, ingestion starts anyway and the runs are linked later (the index
 * refresh links them).
 */
export function startWhenIndexed(options: {
  lifecycle: LifecycleService;
  logger: LoggerService;
  entities: EntityIndex;
  runs: Pick<RunStore, 'linkEntities'>;
  start: () => void;
}): { cancel(): Promise<void> } {
  const { lifecycle, logger, entities, runs } = options;
  let cancelled = false;
  let done: Promise<void> = Promise.resolve();
  lifecycle.addStartupHook(() => {
    done = (async () => {
      const deadline = Date.now() + INDEX_WAIT_MS;
      while (!cancelled) {
        try {
          await entities.refresh();
          const linked = await runs.linkEntities(entities.resolveKey);
          if (linked.length)
            logger.info(
              `tekton-dag linked ${linked.length} run(s) to their catalog entities`,
            );
          break;
        } catch (error) {
          if (Date.now() > deadline) {
            logger.warn(
              'tekton-dag could not load the catalog entity index; tracking starts without it and links runs once it loads',
              error as Error,
            );
            break;
          }
          await new Promise(resolve => setTimeout(resolve, RETRY_MS));
        }
      }
      if (!cancelled) options.start();
    })();
  });
  return {
    async cancel() {
      cancelled = true;
      await done;
    },
  };
}
