export interface Config {
  /** Configuration of the tekton-dag plugins. */
  tektonDag?: {
    // tektonDag.clusters: see @tekton-dag/plugin-tekton-dag-node's config.d.ts.
    /**
     * Several portal replicas on one PostgreSQL database: each cluster is watched by one
     * replica at a time, the holder of a lease it renews; another takes over when it dies.
     */
    clusterWatch?: {
      /**
       * How long a lease lasts unrenewed: the longest a dead replica's clusters go unwatched
       * (then another replica lists and catches up). Renewed every quarter of it. Default 10.
       */
      leaseSeconds?: number;
    };
    /**
     * The forges pull requests come from. Their webhooks reach the events backend's HTTP
     * ingress (`/api/events/http/github`, `/api/events/http/gitea`), whose modules check the
     * signatures (`events.modules.github.webhookSecret`, `events.modules.gitea.webhookSecret`);
     * tekton-dag plans and starts a run for each pull request of a configured forge.
     */
    forges?: Array<{
      /** `github` (github.com or GitHub Enterprise) or `gitea` (Gitea, Forgejo). */
      type: 'github' | 'gitea';
      /** The host pull requests come from, e.g. `github.com` or `gitea.example:3000`. */
      host: string;
      /** API base URL; defaults from the type and host. */
      apiBaseUrl?: string;
      /**
       * A token that may read pull requests and write commit statuses.
       * @visibility secret
       */
      token?: string;
      /**
       * A local clone of the forge's repositories: changed files are read with `git diff` there
       * and commit statuses are logged only (the local demo).
       */
      checkout?: string;
    }>;
    /** How pull requests are turned into runs. */
    pullRequests?: {
      /** How many dependency hops from a changed component are tested. Default: all. */
      radius?: number;
      /** Run on a merged pull request (closed and merged) too. Default false. */
      runOnMerge?: boolean;
    };
    /**
     * Pruning of the run history in the portal database (not of the cluster). Off unless one of
     * the limits is set.
     */
    retention?: {
      /** Runs that finished longer ago than this many days are deleted. */
      maxAgeDays?: number;
      /** Only the newest this many runs of each pipeline of each entity are kept. */
      maxRunsPerPipeline?: number;
    };
    /** Step logs archived into the portal database when a TaskRun completes. */
    logs?: {
      /** Bytes kept per step (the end of the log); default 5 MiB. */
      maxBytesPerStep?: number;
    };
    /** Test reports uploaded by the publish-results Task. */
    reports?: {
      /** Bytes of JUnit XML accepted per upload; more is refused with 413. Default 20 MiB. */
      maxBytes?: number;
      /** Bytes kept of each test's output and trace; default 64 KiB. */
      maxOutputBytes?: number;
      /**
       * The portal's URL as pipelines reach it; filled into a Pipeline's `portal-url` param
       * when a run started from the portal does not set it.
       */
      portalUrl?: string;
      /**
       * Development only: for `local` clusters the portal writes this token into the run's
       * namespace as the `tekton-dag-upload-token` Secret. It must be one of
       * `backend.auth.externalAccess`'s static tokens.
       * @visibility secret
       */
      localUploadToken?: string;
    };
    /**
     * Backstage notifications to the owners of an entity when one of its runs fails or times
     * out, and a "fixed" update when a later run succeeds. An entity opts out with the
     * annotation `tekton-dag/notify: "false"`. Needs the notifications backend.
     */
    notifications?: {
      /** Whether run failures are notified at all. Default true. */
      enabled?: boolean;
    };
    /** Argo CD, for the GitOps tab of entities with `argocd/*` annotations. */
    argocd?: {
      /**
       * Argo CD API servers, for Applications in clusters the portal cannot read. Entities pick
       * one with `argocd/instance-name`. Without instances (or without that annotation),
       * Applications are read and watched as `argoproj.io` custom resources through the
       * configured clusters.
       */
      instances?: Array<{
        /** Name that entities refer to in `argocd/instance-name`. */
        name: string;
        /** Base URL of the Argo CD API server, e.g. https://argocd.example.com. */
        url: string;
        /**
         * An Argo CD API token (an account with read access to the Applications, and sync for
         * the Sync action). Sent as a bearer token; never to the browser or the logs.
         * @visibility secret
         */
        token: string;
        /** Skips TLS verification of the API server (development only). */
        skipTLSVerify?: boolean;
      }>;
      /**
       * Namespace of the Application resources read through the clusters, when the entity has
       * no `argocd/app-namespace`. Default `argocd`.
       */
      namespace?: string;
    };
  };
}
