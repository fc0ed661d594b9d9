/**
 * Gitea and Forgejo webhooks for the events backend: a signature-checked HTTP
 * ingress on the topic `gitea` and a router to the topics `gitea.<event>`.
 *
 * @packageDocumentation
 */

export { eventsModuleGitea as default } from './module';
export { GiteaEventRouter } from './router/GiteaEventRouter';
