import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  ClusterRegistry,
  readClustersConfig,
} from '@tekton-dag/plugin-tekton-dag-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { tektonDagPermissions } from '@tekton-dag/plugin-tekton-dag-common';
import { registerTektonDagActions } from './actions/registerActions';
import { CatalogSnapshot } from './catalog/CatalogSnapshot';
import { EntityIndex } from './catalog/EntityIndex';
import { DatabaseClusterStateStore } from './database/DatabaseClusterStateStore';
import { DatabaseDeliveryStore } from './database/DatabaseDeliveryStore';
import { DatabaseForgeStatusStore } from './database/DatabaseForgeStatusStore';
import { DatabaseGitOpsStore } from './database/DatabaseGitOpsStore';
import { DatabaseLeaseStore } from './database/DatabaseLeaseStore';
import { DatabaseLogStore } from './database/DatabaseLogStore';
import { DatabaseReportStore } from './database/DatabaseReportStore';
import { DatabaseRunStore } from './database/DatabaseRunStore';
import { migrate } from './database/migrate';
import { StoreBuiltByLookup } from './gitops/BuiltByLookup';
import { GitOpsService } from './gitops/GitOpsService';
import { readArgoCdConfig } from './gitops/readArgoCdConfig';
import { ClusterIngestion } from './ingestion/ClusterIngestion';
import { archiveLogs } from './ingestion/handlers/archiveLogs';
import { publishChanges } from './ingestion/handlers/publishChanges';
import { recordJUnitSummaries } from './ingestion/handlers/recordJUnitSummaries';
import { reportToForges } from './ingestion/handlers/reportToForges';
import { notifyOwners } from './ingestion/handlers/notifyOwners';
import { CatalogNotifyOptOut } from './notifications/CatalogNotifyOptOut';
import { RunNotifier } from './notifications/RunNotifier';
import { createForgeClient } from './forges/createForgeClient';
import { readForgesConfig } from './forges/readForgesConfig';
import type { ForgeConfig } from './forges/types';
import { ForgeStatusReporter } from './orchestrator/ForgeStatusReporter';
import { PullRequestOrchestrator } from './orchestrator/PullRequestOrchestrator';
import { subscribePullRequests } from './orchestrator/subscribePullRequests';
import { readOwnershipTiming, replicaId } from './ingestion/replicaConfig';
import { LogService } from './logs/LogService';
import { scheduleRetention } from './retention/scheduleRetention';
import { createRouter } from './router';
import { RunService } from './runs/RunService';
import { ChangePublisher } from './signals/ChangePublisher';
import { EventBusSignals } from './signals/EventBusSignals';
import { RunTransitionAnnouncer } from './signals/RunTransitionAnnouncer';
import { startWhenIndexed } from './catalog/startWhenIndexed';
import { errorForLog } from './logging/errorForLog';

/**
 * The tekton-dag backend plugin: wiring only. Stores on the plugin database, ingestion (one
 * watching replica per cluster) with its handlers, the run, log and GitOps services, the
 * router, and the scheduled tasks.
 *
 * @public
 */
export const tektonDagPlugin = createBackendPlugin({
  pluginId: 'tekton-dag',
  register(env) {
    env.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        signals: signalsServiceRef,
      },
      async init({
        actionsRegistry,
        auth,
        catalog,
        config,
        database,
        discovery,
        events,
        httpAuth,
        httpRouter,
        lifecycle,
        logger,
        notifications,
        permissions,
        permissionsRegistry,
        scheduler,
        signals,
      }) {
        permissionsRegistry.addPermissions(tektonDagPermissions);
        const clusters = readClustersConfig(config);
        const registry = new ClusterRegistry(clusters);
        logger.info(
          `tekton-dag: ${clusters.length} cluster(s) configured: ${
            clusters.map(c => `${c.name} (${c.type})`).join(', ') || 'none'
          }`,
        );

        // Storage
        const db = await migrate(database);
        const store = new DatabaseRunStore(db);
        const reports = new DatabaseReportStore(db);
        const logStore = new DatabaseLogStore(
          db,
          config.getOptionalNumber('tektonDag.logs.maxBytesPerStep') ??
            5 * 1024 * 1024,
        );
        const clusterState = new DatabaseClusterStateStore(db);
        // Several replicas share PostgreSQL and take turns watching; SQLite serves one.
        const leases =
          db.client.config.client === 'pg'
            ? new DatabaseLeaseStore(db)
            : undefined;

        // Services
        const publisher = new ChangePublisher({
          signals,
          logger,
          durable: new EventBusSignals({ discovery, auth, signals }),
        });
        const transitions = new RunTransitionAnnouncer({
          store,
          publisher,
          logger,
        });
        // Whatever a writer could not announce (it died, the event bus was down), one replica
        // at a time announces a few seconds later.
        await scheduler.scheduleTask({
          id: 'tekton-dag-transition-relay',
          frequency: { seconds: 5 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 5 },
          fn: async () => {
            const announced = await transitions.relay();
            if (announced)
              logger.info(
                `tekton-dag announced ${announced} run status change(s) left unannounced`,
              );
          },
        });
        // Pull requests: the forges' clients and the commit statuses owed to them.
        const forges = readForgesConfig(config);
        const forgeClients = new Map<
          ForgeConfig,
          ReturnType<typeof createForgeClient>
        >();
        const clientFor = (forge: ForgeConfig) => {
          let client = forgeClients.get(forge);
          if (!client) {
            client = createForgeClient(forge, { logger });
            forgeClients.set(forge, client);
          }
          return client;
        };
        const forgeStatuses = new DatabaseForgeStatusStore(db);
        const forgeReporter = new ForgeStatusReporter({
          statuses: forgeStatuses,
          runs: store,
          forges,
          clientFor,
          logger,
        });
        const logs = new LogService({ registry, logger, logs: logStore });
        // One copy of the catalog for the entity index, pull-request planning and opt-outs.
        const catalogSnapshot = new CatalogSnapshot({ catalog, auth });
        const entities = new EntityIndex({ snapshot: catalogSnapshot });
        // Failed runs tell their entity's owners (once per transition, on the watching replica).
        const runNotifier = new RunNotifier({
          notifications,
          runs: store,
          reports,
          isOptedOut: new CatalogNotifyOptOut({ snapshot: catalogSnapshot })
            .isOptedOut,
          logger,
          appBaseUrl: config.getOptionalString('app.baseUrl'),
        });
        const ingestion = new ClusterIngestion({
          registry,
          store,
          state: clusterState,
          leases,
          logger,
          resolveEntity: entities.resolve,
          handlers: [
            publishChanges(publisher, transitions),
            archiveLogs(logs),
            recordJUnitSummaries(reports, publisher),
            reportToForges(forgeReporter),
            notifyOwners(runNotifier, { config, logger }),
          ],
          replicaId: replicaId(),
          timing: readOwnershipTiming(config),
        });
        const runs = new RunService({
          registry,
          store,
          portalUrl: config.getOptionalString('tektonDag.reports.portalUrl'),
          localUploadToken: config.getOptionalString(
            'tektonDag.reports.localUploadToken',
          ),
          cachedPipeline: (cluster, namespace, name) =>
            ingestion.cachedPipeline(cluster, namespace, name),
          onRunsChanged: changes => {
            publisher.runsChanged(changes);
            transitions
              .announce(changes)
              .catch(error =>
                logger.warn(
                  'Announcing a run change failed',
                  errorForLog(error),
                ),
              );
          },
        });
        // GitOps: Argo CD Applications, watched per cluster and namespace that entities show.
        const gitopsStore = new DatabaseGitOpsStore(db);
        const gitops = new GitOpsService({
          registry,
          argocd: readArgoCdConfig(config),
          logger,
          builtBy: new StoreBuiltByLookup(store, reports),
          onChanged: (entityRef, signal) =>
            publisher.gitopsChanged(entityRef, signal),
          store: gitopsStore,
        });

        // Pull-request deliveries (signature-checked by the events backend's ingress) to runs.
        const deliveries = new DatabaseDeliveryStore(db);
        await scheduler.scheduleTask({
          id: 'tekton-dag-pull-request-cleanup',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 15 },
          fn: async () => {
            // A forge redelivers for days at most; a settled status is done with.
            await deliveries.deleteBefore(
              new Date(Date.now() - 30 * 86_400_000),
            );
            await forgeStatuses.deleteSettledBefore(
              new Date(Date.now() - 7 * 86_400_000),
            );
          },
        });
        if (forges.length) {
          const orchestrator = new PullRequestOrchestrator({
            forges,
            clientFor,
            catalog: catalogSnapshot,
            deliveries,
            forgeStatuses,
            store,
            runs,
            logger,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
            radius: config.getOptionalNumber('tektonDag.pullRequests.radius'),
            runOnMerge: config.getOptionalBoolean(
              'tektonDag.pullRequests.runOnMerge',
            ),
            onStatusOwed: () => {
              forgeReporter.sendDue().catch(() => {});
            },
          });
          await subscribePullRequests({ events, orchestrator, logger });
          logger.info(
            `tekton-dag: pull requests from ${forges
              .map(f => `${f.type} ${f.host}`)
              .join(', ')} start runs`,
          );
        }
        await scheduler.scheduleTask({
          id: 'tekton-dag-forge-statuses',
          frequency: { seconds: 10 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            await forgeReporter.sendDue();
          },
        });

        // Scheduled tasks and lifecycle
        await scheduleRetention({
          config,
          scheduler,
          stores: { db, runs: store, logs: logStore, reports },
          logger,
        });
        await scheduler.scheduleTask({
          id: 'tekton-dag-entity-index',
          frequency: { minutes: 5 },
          timeout: { minutes: 2 },
          initialDelay: { minutes: 5 },
          scope: 'local',
          fn: async () => {
            await entities.refresh();
            await store.linkEntities(entities.resolveKey);
          },
        });
        await scheduler.scheduleTask({
          id: 'tekton-dag-gitops-cleanup',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 10 },
          fn: () =>
            gitopsStore.deleteStale({
              // An entity nobody viewed for a week; a change published an hour ago.
              interestsSeenBefore: new Date(Date.now() - 7 * 86_400_000),
              claimsBefore: new Date(Date.now() - 3_600_000),
            }),
        });
        lifecycle.addStartupHook(() => gitops.start());
        // The trackers start once the entity index is loaded, so runs tied to an entity only
        // by a label are recorded with their entity from the first event.
        const started = startWhenIndexed({
          lifecycle,
          logger,
          entities,
          runs: store,
          start: () => ingestion.start(),
        });
        lifecycle.addShutdownHook(async () => {
          await started.cancel();
          await ingestion.stop();
          await gitops.stop();
        });

        // The same operations for AI agents (MCP clients), permission-checked per caller.
        registerTektonDagActions({
          actionsRegistry,
          store,
          reports,
          runs,
          logs,
          catalog,
          permissions,
          appBaseUrl: config.getOptionalString('app.baseUrl'),
        });

        httpRouter.use(
          await createRouter({
            gitops,
            owners: entities,
            reports: {
              store: reports,
              onStored: (runId, pipelineTask) =>
                publisher.reportsChanged(runId, pipelineTask),
              maxBytes:
                config.getOptionalNumber('tektonDag.reports.maxBytes') ??
                20 * 1024 * 1024,
              maxOutputBytes:
                config.getOptionalNumber('tektonDag.reports.maxOutputBytes') ??
                64 * 1024,
            },
            registry,
            ingestion,
            store,
            runs,
            logs,
            catalog,
            httpAuth,
            permissions,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
