import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { ChangePublisher } from './signals/ChangePublisher';
import { tektonDagPermissions } from '@tekton-dag/plugin-tekton-dag-common';
import { EntityIndex } from './catalog/EntityIndex';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { readClustersConfig } from './clusters/readClustersConfig';
import { createRouter } from './router';
import { scheduleRetention } from './retention/scheduleRetention';
import { DatabaseLogStore } from './logs/LogStore';
import { LogService } from './logs/LogService';
import { RunService } from './runs/RunService';
import { DatabaseRunStore } from './store/DatabaseRunStore';
import { DatabaseReportStore } from './reports/ReportStore';
import { junitSummaryOf } from './reports/junitSummary';
import type { TaskRunRecord } from './store/RunStore';
import { ClusterTracker } from './tracking/ClusterTracker';
import { DatabaseBuiltByLookup } from './gitops/BuiltByLookup';
import { GitOpsService } from './gitops/GitOpsService';
import { readArgoCdConfig } from './gitops/readArgoCdConfig';

/**
 * The tekton-dag backend plugin: wiring only. Services in, router out, one tracker per
 * cluster started, the entity index kept fresh.
 *
 * @public
 */
export const tektonDagPlugin = createBackendPlugin({
  pluginId: 'tekton-dag',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const {
          auth,
          catalog,
          config,
          database,
          httpAuth,
          httpRouter,
          lifecycle,
          logger,
          permissions,
          permissionsRegistry,
          scheduler,
          signals,
        } = deps;
        permissionsRegistry.addPermissions(tektonDagPermissions);
        const clusters = readClustersConfig(config);
        const registry = new ClusterRegistry(clusters);
        const store = await DatabaseRunStore.create({ database });
        const trackers = new Map<string, ClusterTracker>();
        const db = await database.getClient();
        const reports = new DatabaseReportStore(db);
        const publisher = new ChangePublisher({ signals, logger });
        const recordJUnitSummaries = async (taskRuns: TaskRunRecord[]) => {
          for (const taskRun of taskRuns) {
            const summary = junitSummaryOf(taskRun);
            if (!summary) continue;
            await reports
              .saveSummaryIfMissing(
                taskRun.runUid,
                taskRun.pipelineTask,
                summary,
              )
              .then(saved => {
                if (saved)
                  publisher.reportsChanged(
                    taskRun.runUid,
                    taskRun.pipelineTask,
                  );
              })
              .catch(error =>
                logger.warn(
                  `Recording the junit-summary of ${taskRun.name} failed: ${error}`,
                ),
              );
          }
        };
        const runs = new RunService({
          registry,
          store,
          portalUrl: config.getOptionalString('tektonDag.reports.portalUrl'),
          localUploadToken: config.getOptionalString(
            'tektonDag.reports.localUploadToken',
          ),
          cachedPipeline: (cluster, namespace, name) =>
            trackers.get(cluster)?.cachedPipeline(namespace, name),
        });
        const logs = new LogService({
          registry,
          logger,
          logs: new DatabaseLogStore(
            db,
            config.getOptionalNumber('tektonDag.logs.maxBytesPerStep') ??
              5 * 1024 * 1024,
          ),
        });
        logger.info(
          `tekton-dag: ${clusters.length} cluster(s) configured: ${
            clusters.map(c => `${c.name} (${c.type})`).join(', ') || 'none'
          }`,
        );

        await scheduleRetention({ config, scheduler, store, logger });
        const entities = new EntityIndex({ catalog, auth, logger });
        await scheduler.scheduleTask({
          id: 'tekton-dag-entity-index',
          frequency: { minutes: 5 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 5 },
          scope: 'local',
          fn: () => entities.refresh(),
        });

        for (const connection of registry.list()) {
          const tracker = new ClusterTracker({
            connection,
            store,
            logger,
            resolveEntity: entities.resolve,
            events: {
              onRunsWritten: runsWritten => publisher.runsChanged(runsWritten),
              onTaskRunsWritten: taskRuns => {
                publisher.taskRunsChanged(taskRuns);
                void logs.archiveFinished(connection.name, taskRuns);
                void recordJUnitSummaries(taskRuns);
              },
            },
          });
          trackers.set(connection.name, tracker);
        }
        lifecycle.addStartupHook(() => trackers.forEach(t => t.start()));
        lifecycle.addShutdownHook(async () => {
          await Promise.allSettled([...trackers.values()].map(t => t.stop()));
        });

        // GitOps: Argo CD Applications, watched lazily per cluster and namespace.
        const gitops = new GitOpsService({
          registry,
          argocd: readArgoCdConfig(config),
          logger,
          builtBy: new DatabaseBuiltByLookup(db, reports),
          onChanged: (entityRef, signal) =>
            publisher.gitopsChanged(entityRef, signal),
        });
        lifecycle.addShutdownHook(() => gitops.stop());

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
            trackers,
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
