import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_PARAMS,
  ANNOTATION_PLATFORMS,
  ANNOTATION_PR_PIPELINE,
  BuildPlan,
  GENERATED_PIPELINE,
  getEntityParamValues,
  generatePipelineSpec,
  isTektonDagAvailable,
  PlanError,
  planPullRequest,
  RunPlan,
  RunPullRequest,
} from '@tekton-dag/plugin-tekton-dag-common';
import { runPageUrl } from '../catalog/runPageUrl';
import type { DeliveryStore } from '../database/DeliveryStore';
import type { ForgeStatusStore } from '../database/ForgeStatusStore';
import type { RunRecord, RunStore } from '../database/RunStore';
import { pullRequestKey } from '../database/RunStore';
import { findForge } from '../forges/readForgesConfig';
import type { ForgeClient, ForgeConfig } from '../forges/types';
import { errorForLog } from '../logging/errorForLog';
import type { RunService } from '../runs/RunService';
import type { CatalogSnapshot } from '../catalog/CatalogSnapshot';
import type { PullRequestEvent } from './PullRequestEvent';
import {
  componentsOfFiles,
  findRepositoryComponents,
  RepositoryComponent,
} from './repositoryComponents';

/** The commit status's name on the forge. */
export const STATUS_CONTEXT = 'tekton-dag/pull-request';

/** What handling a delivery came to; recorded with the delivery and logged. */
export type PullRequestOutcome =
  | { outcome: 'started'; run: RunRecord; plan: BuildPlan; cancelled: string[] }
  | { outcome: 'ignored' | 'refused'; reason: string };

export interface PullRequestOrchestratorOptions {
  forges: ForgeConfig[];
  clientFor: (forge: ForgeConfig) => ForgeClient;
  catalog: CatalogSnapshot;
  deliveries: DeliveryStore;
  forgeStatuses: ForgeStatusStore;
  store: Pick<RunStore, 'listUnfinishedRunsOfPullRequest'>;
  runs: Pick<RunService, 'createPullRequestRun' | 'cancel'>;
  logger: LoggerService;
  /** The portal's frontend, for the link on the forge's commit status. */
  appBaseUrl?: string;
  /** How many dependency hops from a changed component are tested (default: all). */
  radius?: number;
  /** Run on a merged pull request too (its base branch's merge commit). */
  runOnMerge?: boolean;
  /** A run was created that owes the forge a status: send it soon. */
  onStatusOwed?: () => void;
}

const RUN_ACTIONS = new Set(['opened', 'synchronize', 'reopened']);

/**
 * From a pull-request delivery to a run: the repository's components, the ones the changed
 * files belong to, the plan from the catalog graph, a generated pipeline (or the component's
 * `tekton-dag/pr-pipeline`), the run, the older head's runs cancelled, a pending status owed.
 */
export class PullRequestOrchestrator {
  constructor(private readonly options: PullRequestOrchestratorOptions) {}

  async handle(event: PullRequestEvent): Promise<PullRequestOutcome> {
    const { deliveries, logger } = this.options;
    const key = `${event.forge}:${event.deliveryId}`;
    if (!(await deliveries.recordDelivery(key))) {
      logger.warn(
        `Refused ${event.forge} delivery ${event.deliveryId}: it was handled before (a replay)`,
      );
      return { outcome: 'refused', reason: 'replayed delivery' };
    }
    let outcome: PullRequestOutcome;
    try {
      outcome = await this.plan(event);
    } catch (error) {
      // Refusals are final; a failure (the forge or the cluster did not answer) is not, so
      // the forge's redelivery of the same id is handled.
      if (!(error instanceof InputError) && !(error instanceof PlanError))
        await deliveries.forgetDelivery(key).catch(() => {});
      else
        await deliveries
          .setOutcome(key, 'refused', String((error as Error).message))
          .catch(() => {});
      throw error;
    }
    const detail =
      outcome.outcome === 'started'
        ? `run ${outcome.run.name}`
        : outcome.reason;
    await deliveries.setOutcome(key, outcome.outcome, detail);
    const where = `${event.host}/${event.owner}/${event.repo}#${event.number}`;
    if (outcome.outcome === 'started')
      logger.info(
        `Pull request ${where} (${event.action}): started ${
          outcome.run.name
        }; ${outcome.plan.explanation.join(' ')}`,
      );
    else
      logger.info(
        `Pull request ${where} (${event.action}): ${outcome.outcome}, ${outcome.reason}`,
      );
    return outcome;
  }

  private async plan(event: PullRequestEvent): Promise<PullRequestOutcome> {
    const merge = event.action === 'closed' && event.merged;
    if (!RUN_ACTIONS.has(event.action) && !(merge && this.options.runOnMerge))
      return { outcome: 'ignored', reason: `action "${event.action}"` };
    const forge = findForge(this.options.forges, event.forge, event.host);
    if (!forge)
      return {
        outcome: 'refused',
        reason: `no ${event.forge} forge is configured for host ${event.host} (tektonDag.forges)`,
      };
    const entities = await this.options.catalog.get();
    const entityByRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
    const components = findRepositoryComponents(entities, event).filter(c =>
      isTektonDagAvailable(c.entity),
    );
    if (!components.length)
      return {
        outcome: 'ignored',
        reason: `no catalog component with tekton-dag pipelines is in ${event.owner}/${event.repo}`,
      };
    const client = this.options.clientFor(forge);
    const files = await client.listChangedFiles({
      owner: event.owner,
      repo: event.repo,
      number: event.number,
      baseSha: event.base.sha,
      headSha: event.head.sha,
    });
    const changed = componentsOfFiles(components, files);
    if (!changed.length)
      return {
        outcome: 'ignored',
        reason: `none of the ${files.length} changed file(s) is in a component's folder`,
      };
    const plan = planPullRequest({
      entities: [...entityByRef].map(([ref, entity]) => ({
        ref,
        kind: entity.kind,
        title: entity.metadata.title,
        relations: entity.relations ?? [],
      })),
      changed: changed.map(c => c.ref),
      radius: this.options.radius,
    });
    const primary = changed[0];
    const pullRequest: RunPullRequest = {
      forge: event.forge,
      host: event.host,
      repository: `${event.owner}/${event.repo}`,
      number: event.number,
      url: event.url,
      title: event.title,
      author: event.author,
      event: `pull_request.${event.action}`,
      headSha: event.head.sha,
      headRef: event.head.ref,
      baseSha: event.base.sha,
      baseRef: event.base.ref,
    };
    const runPlan: RunPlan = {
      build: plan.build,
      test: plan.test,
      systems: plan.systems,
      explanation: plan.explanation,
    };
    // A merged pull request runs on its merge commit; otherwise on the PR's head.
    const revision = (merge && event.mergeSha) || event.head.sha;
    const params = { 'repo-url': event.cloneUrl, revision };
    const named = primary.entity.metadata.annotations?.[ANNOTATION_PR_PIPELINE];
    const run = await this.options.runs.createPullRequestRun({
      entity: primary.entity,
      entityRef: primary.ref,
      pipeline: named
        ? { name: named }
        : {
            name: GENERATED_PIPELINE,
            spec: generatePipelineSpec({
              plan,
              components: this.pipelineComponents(
                plan,
                components,
                entityByRef,
              ),
            }),
          },
      params: named ? { ...params, 'app-path': primary.path || '.' } : params,
      pullRequest,
      plan: runPlan,
    });
    await this.options.forgeStatuses.add({
      runUid: run.id,
      forge: event.forge,
      host: event.host,
      repository: pullRequest.repository,
      sha: revision,
      targetUrl: this.runUrl(primary.ref, run.id),
      context: STATUS_CONTEXT,
    });
    this.options.onStatusOwed?.();
    const cancelled = await this.cancelSuperseded(pullRequest, run.id);
    return { outcome: 'started', run, plan, cancelled };
  }

  /** Each tested component's folder (or its `app-path` param) and platforms. */
  private pipelineComponents(
    plan: BuildPlan,
    inRepository: RepositoryComponent[],
    entityByRef: Map<string, Entity>,
  ) {
    const byRef = new Map(inRepository.map(c => [c.ref, c]));
    return [...new Set([...plan.build, ...plan.test])].map(ref => {
      const component = byRef.get(ref);
      const entity = component?.entity ?? entityByRef.get(ref);
      const annotations = entity?.metadata.annotations ?? {};
      let appPath = component?.path;
      try {
        const value = entity
          ? getEntityParamValues(entity)['app-path']
          : undefined;
        if (typeof value === 'string') appPath = value;
      } catch {
        // An invalid tekton-dag/params is reported where the entity's pipelines are shown.
      }
      if (appPath === undefined)
        throw new InputError(
          `${ref} is affected but is not in this repository and has no "app-path" in ${ANNOTATION_PARAMS}`,
        );
      const platforms = (annotations[ANNOTATION_PLATFORMS] ?? '')
        .split(',')
        .map(p => p.trim())
        .filter(Boolean);
      return {
        ref,
        name: parseEntityRef(ref).name,
        appPath: appPath || '.',
        platforms: platforms.length ? platforms : undefined,
      };
    });
  }

  /** A new push supersedes the runs of the older heads: they stop, their finally tasks run. */
  private async cancelSuperseded(pr: RunPullRequest, newRunId: string) {
    const older = (
      await this.options.store.listUnfinishedRunsOfPullRequest(
        pullRequestKey(pr),
      )
    ).filter(
      run => run.id !== newRunId && run.pullRequest?.headSha !== pr.headSha,
    );
    const cancelled: string[] = [];
    for (const run of older) {
      try {
        await this.options.runs.cancel(run.id, 'CancelledRunFinally');
        cancelled.push(run.name);
      } catch (error) {
        // It finished meanwhile, or the cluster refused: the new run goes on regardless.
        this.options.logger.warn(
          `Could not cancel ${run.name}, superseded by a newer push`,
          errorForLog(error),
        );
      }
    }
    return cancelled;
  }

  private runUrl(entityRef: string, runId: string) {
    if (!this.options.appBaseUrl) return undefined;
    return runPageUrl(this.options.appBaseUrl, entityRef, runId);
  }
}
