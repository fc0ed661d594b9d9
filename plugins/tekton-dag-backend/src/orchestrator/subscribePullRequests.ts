import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import type { ForgeType } from '../forges/types';
import { errorForLog } from '../logging/errorForLog';
import { parsePullRequestEvent } from './PullRequestEvent';
import type { PullRequestOrchestrator } from './PullRequestOrchestrator';

/** The topics the forges' routers publish pull-request deliveries on. */
export const PULL_REQUEST_TOPICS: Record<string, ForgeType> = {
  'github.pull_request': 'github',
  'gitea.pull_request': 'gitea',
};

/**
 * Hands pull-request deliveries to the orchestrator. The deliveries reached the events
 * backend's HTTP ingress, whose validators checked their signatures; on the event bus one
 * replica gets each (one subscriber id). A delivery that cannot be used is logged, never thrown
 * back to the bus.
 */
export async function subscribePullRequests(options: {
  events: EventsService;
  orchestrator: Pick<PullRequestOrchestrator, 'handle'>;
  logger: LoggerService;
}) {
  const { events, orchestrator, logger } = options;
  await events.subscribe({
    id: 'tekton-dag-pull-requests',
    topics: Object.keys(PULL_REQUEST_TOPICS),
    async onEvent(params) {
      const forge = PULL_REQUEST_TOPICS[params.topic];
      if (!forge) return;
      try {
        const event = parsePullRequestEvent(
          forge,
          params.eventPayload,
          params.metadata as Record<string, unknown> | undefined,
        );
        await orchestrator.handle(event);
      } catch (error) {
        logger.warn(
          `A ${forge} pull_request delivery started no run`,
          errorForLog(error),
        );
      }
    },
  });
}
