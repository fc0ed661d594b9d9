import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  GitOpsChangedSignal,
  ReportsChangedSignal,
  RunChangedSignal,
  tektonDagAllRunsChannel,
  TaskRunsChangedSignal,
  tektonDagEntityChannel,
  tektonDagGitOpsChannel,
  tektonDagRunChannel,
} from '@tekton-dag/plugin-tekton-dag-common';
import type {
  RunChange,
  RunTransition,
  TaskRunChange,
} from '../database/RunStore';
import { errorForLog } from '../logging/errorForLog';

/**
 * Tells open browsers what changed, so pages update without polling: runs once the change is
 * in the database, their status transitions, test reports, and the entities' Argo CD
 * Applications. Every change is published by the replica whose write made it, once; the
 * events backend carries it to the browsers of every replica.
 */
export class ChangePublisher {
  constructor(
    private readonly options: {
      signals: SignalsService;
      logger: LoggerService;
      /**
       * How status transitions are published: through the event bus only (see
       * EventBusSignals), so the outbox can retry them without telling anyone twice.
       */
      durable?: Pick<SignalsService, 'publish'>;
    },
  ) {}

  private publish(
    channel: string,
    message:
      | RunChangedSignal
      | TaskRunsChangedSignal
      | ReportsChangedSignal
      | GitOpsChangedSignal,
  ) {
    this.options.signals
      .publish({
        recipients: { type: 'broadcast' },
        channel,
        message: message as any,
      })
      .catch(error =>
        this.options.logger.warn(
          `Publishing on ${channel} failed`,
          errorForLog(error),
        ),
      );
  }

  /** Changed runs, on each run's own channel: its page shows everything. */
  runsChanged(changes: RunChange[]) {
    for (const { run } of changes) {
      this.publish(tektonDagRunChannel(run.id), {
        type: 'run',
        runId: run.id,
        status: run.status,
      });
    }
  }

  /**
   * A status transition, on the portal-wide channel and the run's entity's (lists show
   * statuses). Resolves once the event bus has it; rejects when it could not be published, so
   * the caller can leave it to the relay (see RunTransitionAnnouncer).
   */
  async announceTransition(
    transition: Omit<RunTransition, 'id' | 'recordedAt'>,
  ): Promise<void> {
    const { runId, status, previousStatus, entityRef } = transition;
    const message: RunChangedSignal = {
      type: 'run',
      runId,
      status,
      ...(previousStatus && { previousStatus }),
    };
    const channels = [tektonDagAllRunsChannel];
    if (entityRef) channels.push(tektonDagEntityChannel(entityRef));
    const durable = this.options.durable ?? this.options.signals;
    await Promise.all(
      channels.map(channel =>
        durable.publish({
          recipients: { type: 'broadcast' },
          channel,
          message: message as any,
        }),
      ),
    );
  }

  taskRunsChanged(changes: TaskRunChange[]) {
    const byRun = new Map<string, TaskRunChange[]>();
    for (const change of changes)
      byRun.set(change.taskRun.runUid, [
        ...(byRun.get(change.taskRun.runUid) ?? []),
        change,
      ]);
    for (const [runId, list] of byRun) {
      this.publish(tektonDagRunChannel(runId), {
        type: 'taskRuns',
        runId,
        taskRuns: list.map(({ taskRun }) => ({
          name: taskRun.name,
          status: taskRun.status,
        })),
      });
    }
  }

  /** A task's test report is stored: the run page's Tests tab reloads. */
  reportsChanged(runId: string, pipelineTask: string) {
    this.publish(tektonDagRunChannel(runId), {
      type: 'reports',
      runId,
      pipelineTask,
    });
  }

  /** An Argo CD Application the entity shows changed: its GitOps tab reloads. */
  gitopsChanged(entityRef: string, signal: GitOpsChangedSignal) {
    this.publish(tektonDagGitOpsChannel(entityRef), signal);
  }
}
