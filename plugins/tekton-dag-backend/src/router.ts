import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  type ClusterRegistry,
  toPublicClusterInfo,
} from '@tekton-dag/plugin-tekton-dag-node';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  buildPipelineDag,
  HealthResponse,
  PipelineSpec,
  RUN_STATUSES,
  TRIGGER_KINDS,
  TriggerKind,
  RunStatus,
  tektonDagLogsReadPermission,
  tektonDagRunCancelPermission,
  tektonDagRunCreatePermission,
  tektonDagRunReadPermission,
} from '@tekton-dag/plugin-tekton-dag-common';
import express from 'express';
import Router from 'express-promise-router';
import { CANCEL_MODES, CancelMode, RunService } from './runs/RunService';
import type { LogService } from './logs/LogService';
import type { RunRecord, RunStore } from './database/RunStore';
import type { ClusterIngestion } from './ingestion/ClusterIngestion';
import { addReportRoutes } from './reports/reportRoutes';
import type { ReportStore } from './database/ReportStore';
import { addGitOpsRoutes } from './gitops/gitopsRoutes';
import type { GitOpsService } from './gitops/GitOpsService';
import {
  authorizeCaller,
  userOf as userOfCredentials,
} from './permissions/authorizeCaller';

export interface RouterOptions {
  registry: ClusterRegistry;
  /** Cluster watch status, from whichever replica watches each cluster. */
  ingestion: Pick<ClusterIngestion, 'clusterStatuses' | 'cachedPipeline'>;
  store: RunStore;
  runs: RunService;
  logs: LogService;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Test reports of runs (uploads and reads). */
  reports?: {
    store: ReportStore;
    /** Called once a report is stored, to tell open run pages. */
    onStored?(runId: string, pipelineTask: string): void;
    maxBytes: number;
    maxOutputBytes: number;
  };
  /** Who owns which entity, for the `owner` filter of run lists. */
  owners: { ownedBy(ownerRef: string): string[] };
  /** Argo CD Applications of entities (the GitOps routes). */
  gitops?: GitOpsService;
}

/** What the API shows of a run: never the bookkeeping fields. */
function publicRun({
  resourceVersion: _rv,
  conditions: _c,
  pipelineSpec: _p,
  skippedTasks: _s,
  ...run
}: RunRecord) {
  return run;
}

function optionalDate(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new InputError(
      `"${name}" must be a date and time, e.g. 2026-11-24T08:00:00Z`,
    );
  return date;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value.trim())
    throw new InputError(`"${name}" must be a non-empty string`);
  return value;
}

/** The REST API under /api/tekton-dag. Handlers stay thin: validation, permission, delegation. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    owners,
    registry,
    ingestion,
    store,
    runs,
    logs,
    catalog,
    httpAuth,
    permissions,
  } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  async function authorize(
    req: express.Request,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ) {
    const credentials = await httpAuth.credentials(req);
    await authorizeCaller(permissions, credentials, permission, resourceRef);
    return credentials;
  }

  async function userOf(req: express.Request) {
    return userOfCredentials(await httpAuth.credentials(req));
  }

  async function entityOf(
    req: express.Request,
    ref: { kind: string; namespace: string; name: string },
  ) {
    const credentials = await httpAuth.credentials(req);
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity)
      throw new NotFoundError(
        `No entity ${ref.kind}:${ref.namespace}/${ref.name} in the catalog`,
      );
    return { entity, entityRef: stringifyEntityRef(entity) };
  }

  // Unauthenticated (see plugin.ts): for load balancers and the Deployment's readiness probe.
  router.get('/health', async (_req, res) => {
    await store.checkConnection();
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  if (options.reports) {
    addReportRoutes(router, {
      httpAuth,
      runs: store,
      reports: options.reports.store,
      onStored: options.reports.onStored,
      maxBytes: options.reports.maxBytes,
      maxOutputBytes: options.reports.maxOutputBytes,
      authorizeRead: async req => {
        await authorize(req, tektonDagRunReadPermission);
      },
    });
  }

  addGitOpsRoutes(router, {
    gitops: options.gitops,
    authorize,
    entityOf,
    userOf,
  });

  router.get('/clusters', async (_req, res) => {
    const statuses = await ingestion.clusterStatuses();
    res.json({
      items: registry.list().map(connection => {
        const status = statuses.get(connection.name);
        return {
          ...toPublicClusterInfo(connection.config),
          reachable: status?.reachable ?? false,
          lastSyncAt: status?.lastSyncAt?.toISOString(),
        };
      }),
    });
  });

  router.get('/entities/:kind/:namespace/:name/pipelines', async (req, res) => {
    await authorize(req, tektonDagRunReadPermission);
    const { entity, entityRef } = await entityOf(req, req.params);
    const items = await runs.getEntityPipelines(entity, entityRef);
    res.json({
      items: items.map(p => ({
        ...p,
        latestRun: p.latestRun && publicRun(p.latestRun as RunRecord),
      })),
    });
  });

  router.post('/entities/:kind/:namespace/:name/runs', async (req, res) => {
    const { entity, entityRef } = await entityOf(req, req.params);
    await authorize(req, tektonDagRunCreatePermission, entityRef);
    const body = req.body ?? {};
    const pipeline = optionalString(body.pipeline, 'pipeline');
    if (!pipeline)
      throw new InputError(
        '"pipeline" is required: the name of one of the entity\'s pipelines',
      );
    if (
      body.params !== undefined &&
      (typeof body.params !== 'object' ||
        Array.isArray(body.params) ||
        body.params === null)
    ) {
      throw new InputError(
        '"params" must be an object of param names to values',
      );
    }
    const run = await runs.createRun(
      entity,
      entityRef,
      {
        pipeline,
        params: body.params,
        cluster: optionalString(body.cluster, 'cluster'),
      },
      await userOf(req),
    );
    res.status(201).json(publicRun(run));
  });

  router.get('/runs', async (req, res) => {
    await authorize(req, tektonDagRunReadPermission);
    const query = req.query as Record<string, string | undefined>;
    const limit = query.limit === undefined ? 25 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw new InputError('"limit" must be a whole number from 1 to 200');
    const status = query.status ? query.status.split(',') : undefined;
    const unknown = status?.filter(s => !RUN_STATUSES.includes(s as RunStatus));
    if (unknown?.length)
      throw new InputError(
        `Unknown status ${unknown.join(', ')}; use ${RUN_STATUSES.join(', ')}`,
      );
    const trigger = query.trigger ? query.trigger.split(',') : undefined;
    const unknownTrigger = trigger?.filter(
      t => !TRIGGER_KINDS.includes(t as TriggerKind),
    );
    if (unknownTrigger?.length)
      throw new InputError(
        `Unknown trigger ${unknownTrigger.join(', ')}; use ${TRIGGER_KINDS.join(
          ', ',
        )}`,
      );
    const createdFrom = optionalDate(query.from, 'from');
    const createdTo = optionalDate(query.to, 'to');
    if (createdFrom && createdTo && createdFrom >= createdTo)
      throw new InputError('"from" must be before "to"');
    let entityRefs: string[] | undefined;
    if (query.owner) {
      try {
        entityRefs = owners.ownedBy(
          stringifyEntityRef(
            parseEntityRef(query.owner, { defaultKind: 'group' }),
          ),
        );
      } catch {
        throw new InputError(
          `"owner" must be an entity ref such as group:default/shop-team, not "${query.owner}"`,
        );
      }
    }
    const page = await store.listRuns(
      {
        entityRefs,
        createdFrom,
        createdTo,
        entityRef: query.entityRef,
        pipeline: query.pipeline,
        cluster: query.cluster,
        q: query.q,
        status: status as RunStatus[],
        trigger: trigger as TriggerKind[] | undefined,
      },
      { limit, cursor: query.cursor },
    );
    res.json({ items: page.items.map(publicRun), nextCursor: page.nextCursor });
  });

  router.get('/runs/:id', async (req, res) => {
    await authorize(req, tektonDagRunReadPermission);
    const run = await runs.getRun(req.params.id);
    // Tekton fills status.pipelineSpec once its controller has resolved the run; until then
    // the graph comes from the watched Pipeline, so a new run shows its tasks at once.
    const spec =
      run.pipelineSpec ??
      (
        (await ingestion
          .cachedPipeline(run.cluster, run.namespace, run.pipeline)
          .catch(() => undefined)) as { spec?: PipelineSpec } | null | undefined
      )?.spec;
    const dag = spec ? buildPipelineDag(spec) : { nodes: [], edges: [] };
    const { taskRuns, skippedTasks } = run;
    res.json({
      ...publicRun(run),
      skippedTasks: skippedTasks ?? [],
      taskRuns: taskRuns.map(
        ({ uid: _u, runUid: _r, resourceVersion: _v, ...t }) => t,
      ),
      dag,
    });
  });

  router.post('/runs/:id/rerun', async (req, res) => {
    const previous = await runs.getRun(req.params.id);
    if (!previous.entityRef)
      throw new InputError(
        `Run ${previous.name} belongs to no catalog entity, so it cannot be rerun from the portal`,
      );
    const { entity, entityRef } = await entityOf(
      req,
      parseRef(previous.entityRef),
    );
    await authorize(req, tektonDagRunCreatePermission, entityRef);
    const overrides = req.body?.params;
    if (
      overrides !== undefined &&
      (typeof overrides !== 'object' ||
        Array.isArray(overrides) ||
        overrides === null)
    ) {
      throw new InputError(
        '"params" must be an object of param names to values',
      );
    }
    const run = await runs.rerun(
      previous,
      entity,
      entityRef,
      overrides ?? {},
      await userOf(req),
    );
    res.status(201).json(publicRun(run));
  });

  router.post('/runs/:id/cancel', async (req, res) => {
    const run = await runs.getRun(req.params.id);
    await authorize(req, tektonDagRunCancelPermission, run.entityRef);
    const mode = (req.body?.mode ?? 'Cancelled') as CancelMode;
    if (!CANCEL_MODES.includes(mode))
      throw new InputError(`"mode" must be one of ${CANCEL_MODES.join(', ')}`);
    res.json(publicRun(await runs.cancel(run.id, mode)));
  });

  router.get('/runs/:id/tasks/:taskRunName/logs', async (req, res) => {
    await authorize(req, tektonDagLogsReadPermission);
    const run = await runs.getRun(req.params.id);
    const taskRun = run.taskRuns.find(t => t.name === req.params.taskRunName);
    if (!taskRun)
      throw new NotFoundError(
        `Run ${run.name} has no task run ${req.params.taskRunName}`,
      );
    const steps = taskRun.steps.map(s => s.name);
    // A task with one step needs no step name.
    let step = typeof req.query.step === 'string' ? req.query.step : undefined;
    if (!step && steps.length === 1) step = steps[0];
    if (!step)
      throw new InputError(`"step" is required: one of ${steps.join(', ')}`);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    await logs.stream({
      cluster: run.cluster,
      namespace: run.namespace,
      taskRun,
      step,
      follow: req.query.follow === 'true',
      out: res,
    });
  });

  return router;
}

function parseRef(ref: string) {
  const match = ref.match(/^([^:]+):([^/]+)\/(.+)$/);
  if (!match) throw new InputError(`Invalid entity ref ${ref}`);
  return { kind: match[1], namespace: match[2], name: match[3] };
}
