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
import type { RunRecord, TaskRunRecord } from '../store/RunStore';

/**
 * Tells open browsers what changed, so pages update without polling: runs once the change is
 * in the database (on the run's channel and its entity's), their test reports, and the
 * entities' Argo CD Applications.
 */
export class ChangePublisher {
  constructor(
    private readonly options: {
      signals: SignalsService;
      logger: LoggerService;
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
        this.options.logger.warn(`Publishing on ${channel} failed: ${error}`),
      );
  }

  runsChanged(runs: RunRecord[]) {
    for (const run of runs) {
      const message: RunChangedSignal = {
        type: 'run',
        runId: run.id,
        status: run.status,
      };
      this.publish(tektonDagRunChannel(run.id), message);
      this.publish(tektonDagAllRunsChannel, message);
      if (run.entityRef)
        this.publish(tektonDagEntityChannel(run.entityRef), message);
    }
  }

  taskRunsChanged(taskRuns: TaskRunRecord[]) {
    const byRun = new Map<string, TaskRunRecord[]>();
    for (const taskRun of taskRuns)
      byRun.set(taskRun.runUid, [
        ...(byRun.get(taskRun.runUid) ?? []),
        taskRun,
      ]);
    for (const [runId, list] of byRun) {
      this.publish(tektonDagRunChannel(runId), {
        type: 'taskRuns',
        runId,
        taskRuns: list.map(t => ({ name: t.name, status: t.status })),
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
