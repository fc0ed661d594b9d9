/*
 * The tekton-dag portal backend: Backstage's new backend system with the catalog, scaffolder,
 * search, auth (guest sign-in for local use), permissions, events, signals, notifications and
 * the tekton-dag plugin.
 */
import { createBackend } from '@backstage/backend-defaults';
import { localRepositoryUrlReaderFactory } from '@tekton-dag/plugin-scaffolder-backend-module-tekton-dag';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: the guest provider signs people in locally; configure a real provider in production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// tekton-dag:pipeline:create, :argocd:application, :pipeline:apply, :run:start, and for a portal
// without a git host :local-repo:create and :local-repo:push.
backend.add(import('@tekton-dag/plugin-scaffolder-backend-module-tekton-dag'));
// Every plugin reads the local repositories by their file: URLs (catalog:register, the catalog's
// refreshes), when tektonDag.scaffolder.localRepositories is configured (the local portal).
backend.add(localRepositoryUrlReaderFactory);

// permissions: allow-all until a policy is configured; tekton-dag still checks every permission.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// search: the PostgreSQL engine registers itself only on PostgreSQL; otherwise Lunr (in memory).
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
// tekton-dag's pipelines in portal-wide search (the "Pipelines" result type).
backend.add(import('@tekton-dag/plugin-search-backend-module-tekton-dag'));

// events: the event bus. On PostgreSQL it spans the backend's replicas (its database store), so
// a signal published on one replica reaches browsers connected to any other, once.
backend.add(import('@backstage/plugin-events-backend'));
// Pull-request webhooks: /api/events/http/github and /api/events/http/gitea, each refusing a
// delivery whose signature does not match its configured secret, routed to <forge>.<event>.
backend.add(import('@backstage/plugin-events-backend-module-github'));
backend.add(import('@tekton-dag/plugin-events-backend-module-gitea'));

// user settings, notifications and signals (live updates to the browser)
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// tekton-dag
backend.add(import('@tekton-dag/plugin-tekton-dag-backend'));

backend.start();
