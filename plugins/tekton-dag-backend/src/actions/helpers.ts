import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  RUN_STATUSES,
  RunStatus,
  TRIGGER_KINDS,
  TriggerKind,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { ReportStore } from '../database/ReportStore';
import type { RunRecord, RunStore } from '../database/RunStore';
import type { LogService } from '../logs/LogService';
import type { RunService } from '../runs/RunService';
import { runPageUrl } from '../catalog/runPageUrl';

/**
 * What the tekton-dag actions use: the plugin's own stores and services (the same instances
 * the router uses), the catalog and the permission framework. Every action acts with the
 * caller's credentials.
 */
export interface TektonDagActionsOptions {
  /** Run history (the plugin's DatabaseRunStore). */
  store: Pick<RunStore, 'listRuns' | 'getRun'>;
  /** Test reports of runs (the plugin's DatabaseReportStore). */
  reports: Pick<ReportStore, 'getRunReports'>;
  /** Starts runs on the clusters. */
  runs: Pick<RunService, 'createRun'>;
  /** Step logs: the archive, else the pod. */
  logs: Pick<LogService, 'stream'>;
  /** Entities, read with the caller's credentials: what they cannot see does not exist. */
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  permissions: PermissionsService;
  /** `app.baseUrl`: when set, results link to the run pages of the portal. */
  appBaseUrl?: string;
}

/** The zod the registry hands to schema factories (zod/v3), without importing zod here. */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** `shop-api`, `component:shop-api` or `component:default/shop-api`, as a full ref. */
function parseEntityInput(ref: string) {
  try {
    return parseEntityRef(ref.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `"${ref}" is not an entity ref; use kind:namespace/name, e.g. component:default/shop-api`,
    );
  }
}

/** The entity as the caller sees it: one they may not read is not found. */
export async function visibleEntity(
  catalog: TektonDagActionsOptions['catalog'],
  ref: string,
  credentials: BackstageCredentials,
): Promise<{ entity: Entity; entityRef: string }> {
  const parsed = parseEntityInput(ref);
  const entity = await catalog.getEntityByRef(parsed, { credentials });
  if (!entity)
    throw new NotFoundError(
      `No entity ${stringifyEntityRef(parsed)} in the catalog`,
    );
  return { entity, entityRef: stringifyEntityRef(entity) };
}

/**
 * A recorded run, with its task runs. A run of an entity the caller may not read in the catalog
 * is not found, exactly like a run that does not exist.
 */
export async function visibleRun(
  options: Pick<TektonDagActionsOptions, 'store' | 'catalog'>,
  runId: string,
  credentials: BackstageCredentials,
) {
  const notFound = new NotFoundError(`No run with id ${runId}`);
  const run = await options.store.getRun(runId);
  if (!run) throw notFound;
  if (run.entityRef) {
    const entity = await options.catalog.getEntityByRef(run.entityRef, {
      credentials,
    });
    if (!entity) throw notFound;
  }
  return run;
}

/** The run's page in the portal (the entity's Pipelines tab), when the base URL is known. */
export function runLink(
  appBaseUrl: string | undefined,
  entityRef: string | undefined,
  runId: string,
): string | undefined {
  return appBaseUrl && entityRef
    ? runPageUrl(appBaseUrl, entityRef, runId)
    : undefined;
}

/** Cuts long text (Tekton messages, test failure messages) for a model's context. */
export function clip(
  text: string | undefined | null,
  max: number,
): string | undefined {
  if (text === undefined || text === null) return undefined;
  return text.length > max ? `${text.slice(0, max)}… [cut]` : text;
}

export const runStatusValues = RUN_STATUSES as [RunStatus, ...RunStatus[]];
export const triggerKindValues = TRIGGER_KINDS as [
  TriggerKind,
  ...TriggerKind[],
];

/**
 * The zod object type a schema factory returns, as far as it can be named here: the registry's
 * zod is not a dependency of this package, so a shared schema's precise type cannot appear in
 * its declaration. Outputs are still checked against the schema when an action returns.
 */
export type ZodObjectSchema = ReturnType<Zod['object']>;

/** The run fields every action shows, as a zod schema (see RunSummary). */
export function runSummarySchema(z: Zod): ZodObjectSchema {
  return z.object({
    id: z
      .string()
      .describe('The run id (the PipelineRun UID): pass it to the run actions'),
    name: z.string().describe('The PipelineRun name'),
    entityRef: z.string().optional().describe('The catalog entity it ran for'),
    pipeline: z.string().describe('The Tekton Pipeline it ran'),
    status: z.enum(runStatusValues),
    reason: z
      .string()
      .optional()
      .describe('Tekton reason, e.g. Failed, PipelineRunTimeout, Cancelled'),
    createdAt: z.string().describe('ISO time the run was created'),
    completedAt: z.string().optional(),
    durationMs: z.number().optional(),
    revision: z.string().optional().describe('The git revision it ran at'),
    trigger: z.object({
      kind: z.enum(triggerKindValues),
      by: z.string().optional().describe('Who or what started it'),
    }),
    pullRequest: z
      .object({
        number: z.number(),
        repository: z.string(),
        url: z.string(),
        title: z.string().optional(),
      })
      .optional()
      .describe('The pull request it ran for (trigger pull_request)'),
    link: z
      .string()
      .optional()
      .describe('The run page in the portal, for people to open'),
  });
}

/** A run as runSummarySchema shows it. */
export interface RunSummary {
  id: string;
  name: string;
  entityRef?: string;
  pipeline: string;
  status: RunStatus;
  reason?: string;
  createdAt: string;
  completedAt?: string;
  durationMs?: number;
  revision?: string;
  trigger: { kind: TriggerKind; by?: string };
  pullRequest?: {
    number: number;
    repository: string;
    url: string;
    title?: string;
  };
  link?: string;
}

/** A run as runSummarySchema shows it. */
export function toRunSummary(
  run: RunRecord,
  appBaseUrl: string | undefined,
): RunSummary {
  return {
    id: run.id,
    name: run.name,
    entityRef: run.entityRef ?? undefined,
    pipeline: run.pipeline,
    status: run.status,
    reason: run.reason ?? undefined,
    createdAt: run.createdAt,
    completedAt: run.completedAt ?? undefined,
    durationMs: run.durationMs ?? undefined,
    revision: run.revision ?? undefined,
    trigger: {
      kind: run.trigger.kind,
      by: run.trigger.by ?? undefined,
    },
    pullRequest: run.pullRequest
      ? {
          number: run.pullRequest.number,
          repository: run.pullRequest.repository,
          url: run.pullRequest.url,
          title: run.pullRequest.title ?? undefined,
        }
      : undefined,
    link: runLink(appBaseUrl, run.entityRef, run.id),
  };
}
