import { isFailedStatus } from '@tekton-dag/plugin-tekton-dag-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type { RunStatus, TestCase } from '@tekton-dag/plugin-tekton-dag-common';
import { runPageUrl } from '../catalog/runPageUrl';
import type { ReportStore } from '../database/ReportStore';
import type { RunRecord, RunStore, TaskRunRecord } from '../database/RunStore';
import { errorForLog } from '../logging/errorForLog';

/** The statuses that say whether a pipeline works; a cancelled run says neither. */
const VERDICT_STATUSES: RunStatus[] = ['Succeeded', 'Failed', 'TimedOut'];

/** The notifications' topic: users mute or filter tekton-dag's notifications by it. */
export const NOTIFICATION_TOPIC = 'tekton-dag';

/** How many of an entity's latest finished runs of a pipeline are looked at for "fixed". */
const PREVIOUS_RUNS_LOOKED_AT = 20;
/** How many reported tasks are searched for a failing test. */
const REPORTS_LOOKED_AT = 10;
/** Characters kept of a failure message. */
const MESSAGE_CHARS = 200;

/**
 * One notification per entity and pipeline: a new failure, and the success that ends it,
 * update the same notification instead of piling up.
 */
function notificationScope(entityRef: string, pipeline: string) {
  return `tekton-dag:${entityRef}:${pipeline}`;
}

export type RunNotification = 'failed' | 'fixed';

export interface RunNotifierOptions {
  notifications: Pick<NotificationService, 'send'>;
  runs: Pick<RunStore, 'getRun' | 'listRuns'>;
  reports: Pick<ReportStore, 'listReportedTasks' | 'listTestCases'>;
  /** Whether the entity opted out (`tekton-dag/notify: "false"`); see CatalogNotifyOptOut. */
  isOptedOut: (entityRef: string) => Promise<boolean>;
  logger: LoggerService;
  /** The portal's frontend (`app.baseUrl`), for the link to the run; else it is relative. */
  appBaseUrl?: string;
}

/**
 * Tells an entity's owners (recipients `{ type: 'entity' }`: the notifications backend
 * resolves the owners) that a run of one of its pipelines failed or timed out: high severity,
 * with the failing task and the first failing test when a report has one. A success after a
 * failure updates that notification to "fixed", at low severity. The caller decides which
 * runs: each status transition once (see notifyOwners).
 */
export class RunNotifier {
  constructor(private readonly options: RunNotifierOptions) {}

  /**
   * Notifies about a run that just finished, if there is anything to say; returns what was
   * sent. Throws when sending (or reading the store) fails.
   */
  async runFinished(run: RunRecord): Promise<RunNotification | undefined> {
    const entityRef = run.entityRef;
    if (!entityRef) return undefined;
    const failed = isFailedStatus(run.status);
    if (!failed && run.status !== 'Succeeded') return undefined;
    if (!failed && !(await this.followsFailure(run))) return undefined;
    if (await this.optedOut(entityRef)) return undefined;
    const payload = failed
      ? await this.failurePayload(run, entityRef)
      : this.fixedPayload(run, entityRef);
    await this.options.notifications.send({
      recipients: { type: 'entity', entityRef },
      payload,
    });
    return failed ? 'failed' : 'fixed';
  }

  private async optedOut(entityRef: string): Promise<boolean> {
    try {
      return await this.options.isOptedOut(entityRef);
    } catch (error) {
      // The catalog did not answer: owners hear about a failure rather than miss it.
      this.options.logger.warn(
        `Could not read whether ${entityRef} opted out of notifications`,
        errorForLog(error),
      );
      return false;
    }
  }

  /**
   * Whether the entity's previous verdict on this pipeline was a failure: among its other
   * succeeded, failed or timed-out runs of the pipeline, the last to finish before this one.
   * Finish order, because that is the order notifications went out in: the one the owners
   * see last says "failed".
   */
  private async followsFailure(run: RunRecord): Promise<boolean> {
    const { items } = await this.options.runs.listRuns(
      {
        entityRef: run.entityRef,
        pipeline: run.pipeline,
        status: VERDICT_STATUSES,
      },
      { limit: PREVIOUS_RUNS_LOOKED_AT },
    );
    const finishedAt = (r: RunRecord) =>
      Date.parse(r.completedAt ?? r.createdAt);
    const thisFinished = run.completedAt
      ? Date.parse(run.completedAt)
      : Infinity;
    let previous: RunRecord | undefined;
    for (const other of items) {
      if (other.id === run.id || finishedAt(other) > thisFinished) continue;
      if (
        !previous ||
        finishedAt(other) > finishedAt(previous) ||
        (finishedAt(other) === finishedAt(previous) &&
          Date.parse(other.createdAt) > Date.parse(previous.createdAt))
      )
        previous = other;
    }
    return !!previous && isFailedStatus(previous.status);
  }

  private async failurePayload(
    run: RunRecord,
    entityRef: string,
  ): Promise<NotificationPayload> {
    const stored = await this.options.runs.getRun(run.id);
    const failingTasks = (stored?.taskRuns ?? []).filter(t =>
      isFailedStatus(t.status),
    );
    const failingTest = await this.firstFailingTest(run.id, failingTasks);
    const outcome = run.status === 'TimedOut' ? 'timed out' : 'failed';
    const sentences = [
      `${runLabel(run)} ${outcome}${
        failingTasks.length ? ` in task ${failingTasks[0].pipelineTask}` : ''
      }.`,
    ];
    if (failingTest) {
      const { pipelineTask, testCase } = failingTest;
      // Some reporters (jest-junit) leave the message out: the trace starts with it.
      const reason = testCase.message?.trim() || testCase.trace?.trim();
      sentences.push(
        `First failing test: ${pipelineTask}: ${testName(testCase)}${
          reason ? ` (${oneLine(reason)})` : ''
        }`,
      );
    } else if (!failingTasks.length && run.message) {
      sentences.push(oneLine(run.message));
    }
    return this.payload(run, entityRef, {
      title: `${parseEntityRef(entityRef).name}: ${run.pipeline} ${outcome}`,
      description: sentences.join(' '),
      severity: 'high',
      failingTask: failingTasks[0]?.pipelineTask,
    });
  }

  private fixedPayload(run: RunRecord, entityRef: string): NotificationPayload {
    return this.payload(run, entityRef, {
      title: `${parseEntityRef(entityRef).name}: ${run.pipeline} fixed`,
      description: `${runLabel(run)} succeeded after a failure.`,
      severity: 'low',
    });
  }

  private payload(
    run: RunRecord,
    entityRef: string,
    content: {
      title: string;
      description: string;
      severity: NotificationPayload['severity'];
      failingTask?: string;
    },
  ): NotificationPayload {
    return {
      title: content.title,
      description: content.description,
      // Relative without `app.baseUrl`: the notifications frontend resolves it.
      link: runPageUrl(this.options.appBaseUrl ?? '', entityRef, run.id),
      severity: content.severity,
      topic: NOTIFICATION_TOPIC,
      scope: notificationScope(entityRef, run.pipeline),
      // For processors (e-mail, chat) that want more than the text.
      metadata: {
        entityRef,
        pipeline: run.pipeline,
        runId: run.id,
        runName: run.name,
        status: run.status,
        ...(run.revision ? { revision: run.revision } : {}),
        ...(content.failingTask ? { failingTask: content.failingTask } : {}),
      },
    };
  }

  /**
   * The first failed or errored test of the run's reports: the failing tasks' reports first
   * (in the order they ran), then the other tasks' (a test task may pass while a later one
   * fails on its results).
   */
  private async firstFailingTest(
    runUid: string,
    failingTasks: TaskRunRecord[],
  ): Promise<{ pipelineTask: string; testCase: TestCase } | undefined> {
    const reported = [
      ...(await this.options.reports.listReportedTasks([runUid])),
    ]
      .map(key => key.slice(runUid.length + 1))
      .sort();
    if (!reported.length) return undefined;
    const failing = failingTasks.map(t => t.pipelineTask);
    const ordered = [
      ...failing.filter(task => reported.includes(task)),
      ...reported.filter(task => !failing.includes(task)),
    ];
    for (const pipelineTask of ordered.slice(0, REPORTS_LOOKED_AT)) {
      const page = await this.options.reports.listTestCases({
        runUid,
        pipelineTask,
        status: ['failed', 'errored'],
        limit: 1,
        offset: 0,
      });
      if (page?.items.length) return { pipelineTask, testCase: page.items[0] };
    }
    return undefined;
  }
}

/** "Run pr-pipeline-x7k2p (main @ 3f9c2ab)". */
function runLabel(run: RunRecord): string {
  const revision = run.revision ? run.revision.slice(0, 7) : undefined;
  const branch =
    typeof run.params.revision === 'string' &&
    run.params.revision !== run.revision
      ? run.params.revision
      : undefined;
  const at = [branch, revision].filter(Boolean).join(' @ ');
  return `Run ${run.name}${at ? ` (${at})` : ''}`;
}

/** "search › returns suggestions": suites, then the test (the class when there is no suite). */
function testName(testCase: TestCase): string {
  return [testCase.suite || testCase.className, testCase.name]
    .filter(Boolean)
    .join(' › ');
}

function oneLine(text: string): string {
  const line = text.trim().split('\n')[0].trim();
  return line.length > MESSAGE_CHARS
    ? `${line.slice(0, MESSAGE_CHARS - 1)}…`
    : line;
}
