import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { eventsExtensionPoint } from '@backstage/plugin-events-node/alpha';
import { createGiteaSignatureValidator } from './http/createGiteaSignatureValidator';
import { GiteaEventRouter } from './router/GiteaEventRouter';

const TOPIC = 'gitea';

/**
 * Receives Gitea and Forgejo webhooks at `/api/events/http/gitea`, checks
 * their signature against `events.modules.gitea.webhookSecret`, and routes
 * them from the topic `gitea` to `gitea.<event>`.
 *
 * @public
 */
export const eventsModuleGitea = createBackendModule({
  pluginId: 'events',
  moduleId: 'gitea',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        eventsExtension: eventsExtensionPoint,
        events: eventsServiceRef,
      },
      async init({ config, logger, eventsExtension, events }) {
        const validator = createGiteaSignatureValidator({
          config,
          logger,
          topic: TOPIC,
        });
        if (validator) {
          eventsExtension.addHttpPostIngress({ topic: TOPIC, validator });
        } else {
          // An ingress without a validator would publish whatever anyone posts.
          logger.warn(
            `No events.modules.gitea.webhookSecret configured; the Gitea webhook endpoint /api/events/http/${TOPIC} is not registered`,
          );
        }

        // The router is harmless without the ingress, and still serves events
        // published on `gitea` by other means.
        await new GiteaEventRouter({ events }).subscribe();
      },
    });
  },
});
