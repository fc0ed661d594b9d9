import {
  EventParams,
  EventsService,
  SubTopicEventRouter,
} from '@backstage/plugin-events-node';

/**
 * Subscribes to the generic `gitea` topic and republishes each event on the
 * sub-topic named by its `x-gitea-event` (Gitea) or `x-forgejo-event`
 * (Forgejo) header, e.g. `gitea.push` or `gitea.pull_request`.
 *
 * @public
 */
export class GiteaEventRouter extends SubTopicEventRouter {
  constructor(options: { events: EventsService }) {
    super({
      events: options.events,
      topic: 'gitea',
    });
  }

  protected getSubscriberId(): string {
    return 'GiteaEventRouter';
  }

  protected determineSubTopic(params: EventParams): string | undefined {
    for (const name of ['x-gitea-event', 'x-forgejo-event']) {
      const value = params.metadata?.[name];
      if (typeof value === 'string' && value) {
        return value;
      }
    }
    return undefined;
  }
}
