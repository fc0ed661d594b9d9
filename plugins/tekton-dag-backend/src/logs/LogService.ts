import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CoreV1Api } from '@kubernetes/client-node';
import type { Writable } from 'stream';
import type { ClusterRegistry } from '@tekton-dag/plugin-tekton-dag-node';
import type { TaskRunRecord } from '../database/RunStore';
import type { LogStore } from '../database/LogStore';
import { errorForLog } from '../logging/errorForLog';
import { followPodLog } from './followPodLog';

const FINISHED = ['Succeeded', 'Failed', 'Cancelled', 'TimedOut'];

/**
 * Step logs: live from the pod while it exists (streamed with `follow`), archived into the
 * database when a TaskRun completes, and served from there once the pod is gone.
 */
export class LogService {
  private readonly archiving = new Set<string>();

  constructor(
    private readonly options: {
      registry: ClusterRegistry;
      logs: LogStore;
      logger: LoggerService;
    },
  ) {}

  /**
   * Archives the logs of finished task runs that have none archived yet: called with task runs
   * that just finished, and with every list's (a replica that took over catches up on what
   * the previous one left undone).
   */
  async archiveFinished(cluster: string, taskRuns: TaskRunRecord[]) {
    const candidates = taskRuns.filter(
      taskRun =>
        FINISHED.includes(taskRun.status) &&
        taskRun.podName &&
        taskRun.namespace &&
        !this.archiving.has(taskRun.uid),
    );
    if (!candidates.length) return;
    const unarchived = await this.options.logs.listUnarchived(
      candidates.map(t => t.uid),
    );
    for (const taskRun of candidates) {
      if (!unarchived.has(taskRun.uid) || this.archiving.has(taskRun.uid))
        continue;
      this.archiving.add(taskRun.uid);
      try {
        await this.archiveTaskRun(cluster, taskRun);
      } finally {
        this.archiving.delete(taskRun.uid);
      }
    }
  }

  private async archiveTaskRun(cluster: string, taskRun: TaskRunRecord) {
    const core = this.options.registry
      .get(cluster)
      .kubeConfig()
      .makeApiClient(CoreV1Api);
    for (const step of taskRun.steps) {
      try {
        const text = await core.readNamespacedPodLog({
          name: taskRun.podName!,
          namespace: taskRun.namespace!,
          container: `step-${step.name}`,
        });
        await this.options.logs.archive({
          taskRunUid: taskRun.uid,
          runUid: taskRun.runUid,
          step: step.name,
          text: String(text ?? ''),
        });
      } catch (error) {
        this.options.logger.warn(
          `Could not archive the log of ${taskRun.name} step ${step.name}`,
          errorForLog(error),
        );
      }
    }
  }

  /**
   * Writes a step's log to `out`: the archive when there is one, else the pod's log, followed
   * until the step ends when asked to.
   */
  async stream(options: {
    cluster: string;
    namespace: string;
    taskRun: TaskRunRecord;
    step: string;
    follow: boolean;
    out: Writable;
  }): Promise<void> {
    const { cluster, namespace, taskRun, step, follow, out } = options;
    if (!taskRun.steps.some(s => s.name === step)) {
      throw new NotFoundError(
        `Task run ${taskRun.name} has no step "${step}" (steps: ${taskRun.steps
          .map(s => s.name)
          .join(', ')})`,
      );
    }
    const archived = await this.options.logs.get(taskRun.uid, step);
    if (archived) {
      out.end(archived.text);
      return;
    }
    if (!taskRun.podName)
      throw new NotFoundError(`Task run ${taskRun.name} has no pod yet`);
    const kubeConfig = this.options.registry.get(cluster).kubeConfig();
    try {
      if (!follow) {
        const text = await kubeConfig
          .makeApiClient(CoreV1Api)
          .readNamespacedPodLog({
            name: taskRun.podName,
            namespace,
            container: `step-${step}`,
          });
        out.end(String(text ?? ''));
        return;
      }
      // The stream to the API server ends with the step, or when the browser goes away: a
      // closed tab must not keep a follow request open on the cluster.
      await followPodLog(
        kubeConfig,
        { namespace, pod: taskRun.podName, container: `step-${step}` },
        out,
      );
    } catch (error: any) {
      if (error?.code === 404 || error?.statusCode === 404) {
        throw new NotFoundError(
          `The log of ${taskRun.name} step ${step} is gone: its pod was deleted before the log was archived`,
        );
      }
      throw error;
    }
  }
}
