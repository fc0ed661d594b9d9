export interface Config {
  events?: {
    modules?: {
      /** events-backend-module-gitea configuration. */
      gitea?: {
        /**
         * The secret set on the Gitea or Forgejo webhook. Requests to
         * `/api/events/http/gitea` must carry its HMAC-SHA256 of the body in
         * `X-Gitea-Signature` or `X-Forgejo-Signature`.
         *
         * The webhook endpoint is only registered if this is set.
         * @visibility secret
         */
        webhookSecret?: string;
      };
    };
  };
}
