import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import {
  AnnotatedEntity,
  EntityPipeline,
  getEntityClusterName,
  getEntityParamValues,
  getEntityPipelineNames,
  getEntityPipelineNamespace,
  ANNOTATION_PLAN,
  ANNOTATION_PULL_REQUEST,
  PipelineSpec,
  RunPlan,
  RunPullRequest,
  TaskSpec,
  validateGeneratedPipeline,
  validateRunParams,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { ClusterRegistry } from '@tekton-dag/plugin-tekton-dag-node';
import type { RunChange, RunRecord, RunStore } from '../database/RunStore';
import { toRunRecord } from '../ingestion/toRecords';
import { buildPipelineRun, WorkspaceBinding } from './buildPipelineRun';

export const CANCEL_MODES = [
  'Cancelled',
  'CancelledRunFinally',
  'StoppedRunFinally',
] as const;
export type CancelMode = (typeof CANCEL_MODES)[number];

/** The params of a new run, or an InputError that says what is wrong with them. */
function checkedParams(
  pipeline: string,
  spec: PipelineSpec,
  given: Record<string, unknown>,
) {
  const { params, errors } = validateRunParams(spec.params, given);
  if (errors.length)
    throw new InputError(
      `Invalid params for pipeline "${pipeline}": ${errors.join('; ')}`,
    );
  return params;
}

/** A Task on a cluster, as a generated pipeline is checked against. */
export interface ClusterTask {
  name: string;
  spec: TaskSpec;
}

const TEKTON = { group: 'tekton.dev', version: 'v1' };

type Entity = AnnotatedEntity & {
  kind: string;
  metadata: { name: string; namespace?: string };
};

function isNotFound(error: unknown) {
  const code =
    (error as any)?.code ??
    (error as any)?.statusCode ??
    (error as any)?.response?.statusCode;
  return code === 404;
}

/**
 * Starts, reruns and cancels PipelineRuns for catalog entities. Params are checked against the
 * Pipeline on the cluster before anything is created; runs are built as objects. A created run
 * is recorded at once, so it can be read back before its first watch event.
 */
export class RunService {
  constructor(
    private readonly options: {
      registry: ClusterRegistry;
      store: RunStore;
      workspaceBinding?: WorkspaceBinding;
      /**
       * Where pipelines send test reports: filled into a Pipeline's `portal-url` param when the
       * run does not set it (`tektonDag.reports.portalUrl`).
       */
      portalUrl?: string;
      /**
       * For local (development) clusters only: the upload token the portal writes into the
       * run's namespace as the `tekton-dag-upload-token` Secret, so the demo uploads reports
       * with no setup. Real clusters get that Secret from their platform team.
       */
      localUploadToken?: string;
      /**
       * Pipelines from the watching replica's watch (see ClusterIngestion.cachedPipeline), so
       * entity pages cost the API server nothing however many people view them.
       */
      cachedPipeline?: (
        cluster: string,
        namespace: string,
        name: string,
      ) => Promise<object | null | undefined>;
      /** Runs this service wrote that changed (a new run, a cancel): signals, notifications. */
      onRunsChanged?: (changes: RunChange[]) => void;
    },
  ) {}

  /** Where an entity's pipelines live: its cluster (annotation or first) and namespace. */
  private targetOf(entity: Entity, clusterOverride?: string) {
    const connection = this.options.registry.get(
      clusterOverride ?? getEntityClusterName(entity),
    );
    return { connection, namespace: getEntityPipelineNamespace(entity) };
  }

  private async getPipeline(
    entity: Entity,
    name: string,
    cluster?: string,
    options: { cached?: boolean } = {},
  ) {
    const { connection, namespace } = this.targetOf(entity, cluster);
    const notFound = () =>
      new NotFoundError(
        `Pipeline "${name}" does not exist in namespace "${namespace}" of cluster "${connection.name}"`,
      );
    const cached = options.cached
      ? await this.options.cachedPipeline?.(connection.name, namespace, name)
      : undefined;
    if (cached === null) throw notFound();
    if (cached) {
      const spec = ((cached as any).spec ?? {}) as PipelineSpec;
      return { pipeline: cached as any, spec, connection, namespace };
    }
    const api = connection.kubeConfig().makeApiClient(CustomObjectsApi);
    try {
      const pipeline: any = await api.getNamespacedCustomObject({
        ...TEKTON,
        namespace,
        plural: 'pipelines',
        name,
      });
      return {
        pipeline,
        spec: (pipeline.spec ?? {}) as PipelineSpec,
        connection,
        namespace,
      };
    } catch (error) {
      if (isNotFound(error)) throw notFound();
      throw error;
    }
  }

  async getEntityPipelines(
    entity: Entity,
    entityRef: string,
  ): Promise<EntityPipeline[]> {
    const names = getEntityPipelineNames(entity);
    const entityValues = entityParamValues(entity);
    return Promise.all(
      names.map(async name => {
        const { spec, connection, namespace } = await this.getPipeline(
          entity,
          name,
          undefined,
          { cached: true },
        );
        const latest = await this.options.store.listRuns(
          { entityRef, pipeline: name },
          { limit: 1 },
        );
        return {
          name,
          cluster: connection.name,
          namespace,
          description: spec.description,
          // The entity's tekton-dag/params values are the defaults its users see.
          params: (spec.params ?? []).map(param =>
            entityValues[param.name] === undefined
              ? param
              : { ...param, default: entityValues[param.name] },
          ),
          tasks: [...(spec.tasks ?? []), ...(spec.finally ?? [])].map(
            t => t.name,
          ),
          latestRun: latest.items[0],
        };
      }),
    );
  }

  async createRun(
    entity: Entity,
    entityRef: string,
    request: {
      pipeline: string;
      params?: Record<string, unknown>;
      cluster?: string;
    },
    user: string | undefined,
    trigger: 'portal' | 'rerun' = 'portal',
    keep?: {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    },
  ): Promise<RunRecord> {
    if (!getEntityPipelineNames(entity).includes(request.pipeline)) {
      throw new InputError(
        `"${request.pipeline}" is not one of ${entityRef}'s pipelines (${
          getEntityPipelineNames(entity).join(', ') || 'none'
        })`,
      );
    }
    const { spec, connection, namespace } = await this.getPipeline(
      entity,
      request.pipeline,
      request.cluster,
    );
    const declared = new Set((spec.params ?? []).map(p => p.name));
    const given: Record<string, unknown> = {
      // The entity's values for the params this Pipeline declares; the request wins.
      ...Object.fromEntries(
        Object.entries(entityParamValues(entity)).filter(([name]) =>
          declared.has(name),
        ),
      ),
      ...(request.params ?? {}),
    };
    const reportsTo = this.options.portalUrl;
    if (
      reportsTo &&
      given['portal-url'] === undefined &&
      spec.params?.some(p => p.name === 'portal-url')
    ) {
      given['portal-url'] = reportsTo;
    }
    const params = checkedParams(request.pipeline, spec, given);
    const body = buildPipelineRun({
      pipeline: request.pipeline,
      namespace,
      params,
      workspaces: spec.workspaces,
      workspaceBinding: this.options.workspaceBinding,
      entityRef,
      trigger,
      triggeredBy: user,
      extraLabels: keep?.labels,
      extraAnnotations: keep?.annotations,
    });
    return this.submit(connection, namespace, body, entityRef);
  }

  /**
   * Starts a run for a pull request: of the generated `pipelineSpec` (checked against the
   * Tasks on the cluster first), or of the entity's `tekton-dag/pr-pipeline` Pipeline.
   */
  async createPullRequestRun(options: {
    entity: Entity;
    entityRef: string;
    /** A generated pipeline and the name it is listed under, or a Pipeline's name. */
    pipeline: { name: string; spec: PipelineSpec } | { name: string };
    params: Record<string, unknown>;
    pullRequest: RunPullRequest;
    plan?: RunPlan;
  }): Promise<RunRecord> {
    const { entity, entityRef, pullRequest, plan } = options;
    const generated = 'spec' in options.pipeline ? options.pipeline : undefined;
    const target = generated
      ? { ...this.targetOf(entity), spec: generated.spec }
      : await this.getPipeline(entity, options.pipeline.name);
    const { connection, namespace, spec } = target;
    if (generated) {
      // Checked against the Tasks on the cluster before anything is created.
      const problems = validateGeneratedPipeline(
        generated.spec,
        await this.listTasks(connection, namespace),
      ).map(p => p.message);
      if (problems.length)
        throw new InputError(
          `The generated pipeline is not valid on cluster "${
            connection.name
          }", namespace "${namespace}": ${problems.join('; ')}`,
        );
    }
    const declared = new Set((spec.params ?? []).map(p => p.name));
    const given: Record<string, unknown> = Object.fromEntries(
      Object.entries({
        ...(generated ? {} : entityParamValues(entity)),
        ...(this.options.portalUrl
          ? { 'portal-url': this.options.portalUrl }
          : {}),
        ...options.params,
      }).filter(([name]) => declared.has(name)),
    );
    const params = checkedParams(options.pipeline.name, spec, given);
    const body = buildPipelineRun({
      pipeline: options.pipeline.name,
      pipelineSpec: generated?.spec,
      namespace,
      params,
      workspaces: spec.workspaces,
      workspaceBinding: this.options.workspaceBinding,
      entityRef,
      trigger: 'pull_request',
      triggeredBy: pullRequest.author,
      extraAnnotations: {
        [ANNOTATION_PULL_REQUEST]: JSON.stringify(pullRequest),
        ...(plan ? { [ANNOTATION_PLAN]: JSON.stringify(plan) } : {}),
      },
    });
    return this.submit(connection, namespace, body, entityRef);
  }

  /** The Tasks of a namespace, to check a generated pipeline against; cached a minute. */
  private async listTasks(
    connection: ReturnType<ClusterRegistry['get']>,
    namespace: string,
  ): Promise<ClusterTask[]> {
    const key = `${connection.name}/${namespace}`;
    const cached = this.taskCache.get(key);
    if (cached && cached.until > Date.now()) return cached.tasks;
    const api = connection.kubeConfig().makeApiClient(CustomObjectsApi);
    const list: any = await api.listNamespacedCustomObject({
      ...TEKTON,
      namespace,
      plural: 'tasks',
    });
    const tasks = (list.items ?? []).map((item: any) => ({
      name: String(item.metadata?.name),
      spec: (item.spec ?? {}) as TaskSpec,
    }));
    this.taskCache.set(key, { tasks, until: Date.now() + 60_000 });
    return tasks;
  }

  private readonly taskCache = new Map<
    string,
    { tasks: ClusterTask[]; until: number }
  >();

  private async submit(
    connection: ReturnType<ClusterRegistry['get']>,
    namespace: string,
    body: object,
    entityRef: string,
  ): Promise<RunRecord> {
    if (connection.config.type === 'local' && this.options.localUploadToken)
      await this.ensureLocalUploadToken(connection, namespace);
    const api = connection.kubeConfig().makeApiClient(CustomObjectsApi);
    const created = await api.createNamespacedCustomObject({
      ...TEKTON,
      namespace,
      plural: 'pipelineruns',
      body,
    });
    const record = toRunRecord(created, connection.name, entityRef);
    await this.record(record);
    return record;
  }

  private async ensureLocalUploadToken(
    connection: ReturnType<ClusterRegistry['get']>,
    namespace: string,
  ) {
    const core = connection.kubeConfig().makeApiClient(CoreV1Api);
    const body = {
      metadata: {
        name: 'tekton-dag-upload-token',
        labels: { 'app.kubernetes.io/managed-by': 'tekton-dag' },
      },
      data: {
        token: Buffer.from(this.options.localUploadToken!).toString('base64'),
      },
    };
    try {
      await core.createNamespacedSecret({ namespace, body });
    } catch (error) {
      if ((error as any)?.code !== 409) throw error; // already there
    }
  }

  /** Runs the same pipeline again with the same params, some of them changed. */
  async rerun(
    previous: RunRecord,
    entity: Entity,
    entityRef: string,
    overrides: Record<string, unknown>,
    user: string | undefined,
  ): Promise<RunRecord> {
    // A generated pipeline exists only in its run: the rerun runs the same spec again, for
    // the same pull request (a newer push still supersedes it).
    if (previous.plan && previous.pipelineSpec)
      return this.rerunGenerated(previous, entityRef, overrides, user);
    const { spec } = await this.getPipeline(
      entity,
      previous.pipeline,
      previous.cluster,
    );
    const declared = new Set((spec.params ?? []).map(p => p.name));
    // Params the pipeline has dropped since are left out; new ones take their defaults.
    const kept = Object.fromEntries(
      Object.entries(previous.params).filter(([name]) => declared.has(name)),
    );
    return this.createRun(
      entity,
      entityRef,
      {
        pipeline: previous.pipeline,
        params: { ...kept, ...overrides },
        cluster: previous.cluster,
      },
      user,
      'rerun',
    );
  }

  private async rerunGenerated(
    previous: RunRecord,
    entityRef: string,
    overrides: Record<string, unknown>,
    user: string | undefined,
  ): Promise<RunRecord> {
    const spec = previous.pipelineSpec!;
    const connection = this.options.registry.get(previous.cluster);
    const params = checkedParams(previous.pipeline, spec, {
      ...previous.params,
      ...overrides,
    });
    const body = buildPipelineRun({
      pipeline: previous.pipeline,
      pipelineSpec: spec,
      namespace: previous.namespace,
      params,
      workspaces: spec.workspaces,
      workspaceBinding: this.options.workspaceBinding,
      entityRef,
      trigger: 'rerun',
      triggeredBy: user,
      extraAnnotations: {
        ...(previous.pullRequest
          ? { [ANNOTATION_PULL_REQUEST]: JSON.stringify(previous.pullRequest) }
          : {}),
        [ANNOTATION_PLAN]: JSON.stringify(previous.plan),
      },
    });
    return this.submit(connection, previous.namespace, body, entityRef);
  }

  /**
   * Records a run the cluster just answered with, at once (its page reads it back before any
   * watch event), and reports the change: the watching replica will see the same version and
   * find nothing changed, so each change is told once.
   */
  private async record(record: RunRecord) {
    const changes = await this.options.store.upsertRuns([record]);
    if (changes.length) this.options.onRunsChanged?.(changes);
  }

  async getRun(id: string) {
    const run = await this.options.store.getRun(id);
    if (!run) throw new NotFoundError(`No run with id ${id}`);
    return run;
  }

  async cancel(id: string, mode: CancelMode): Promise<RunRecord> {
    const run = await this.getRun(id);
    if (!['Pending', 'Running'].includes(run.status)) {
      throw new ConflictError(
        `Run ${run.name} has already finished (${run.status})`,
      );
    }
    if (run.pruned)
      throw new ConflictError(
        `Run ${run.name} no longer exists on cluster ${run.cluster}`,
      );
    const api = this.options.registry
      .get(run.cluster)
      .kubeConfig()
      .makeApiClient(CustomObjectsApi);
    try {
      const patched = await api.patchNamespacedCustomObject({
        ...TEKTON,
        namespace: run.namespace,
        plural: 'pipelineruns',
        name: run.name,
        // A JSON patch (client-node's default content type): only spec.status changes.
        body: [{ op: 'add', path: '/spec/status', value: mode }],
      });
      const record = toRunRecord(patched, run.cluster, run.entityRef);
      await this.record(record);
      return record;
    } catch (error) {
      if (isNotFound(error))
        throw new ConflictError(
          `Run ${run.name} no longer exists on cluster ${run.cluster}`,
        );
      throw error;
    }
  }
}

/** The entity's `tekton-dag/params` values; a malformed annotation is the caller's input error. */
function entityParamValues(entity: Entity) {
  try {
    return getEntityParamValues(entity);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}
