import type { TaskRunRecord } from '../../database/RunStore';
import type { ReportStore } from '../../database/ReportStore';
import { junitSummaryOf } from '../../reports/junitSummary';
import type { ChangePublisher } from '../../signals/ChangePublisher';
import type { IngestionHandler } from '../IngestionHandler';

/**
 * A test task's `junit-summary` result kept as its report where nothing was uploaded: when it
 * finishes, and for every listed task run (catching up after a takeover; the store keeps one).
 */
export function recordJUnitSummaries(
  reports: ReportStore,
  publisher: ChangePublisher,
): IngestionHandler {
  const record = async (taskRuns: TaskRunRecord[]) => {
    const summaries = taskRuns
      .map(taskRun => ({ taskRun, summary: junitSummaryOf(taskRun) }))
      .filter(s => !!s.summary);
    if (!summaries.length) return;
    // One query for what is there already (a relist brings every finished task run again).
    const reported = await reports.listReportedTasks([
      ...new Set(summaries.map(s => s.taskRun.runUid)),
    ]);
    for (const { taskRun, summary } of summaries) {
      if (reported.has(`${taskRun.runUid}/${taskRun.pipelineTask}`)) continue;
      const saved = await reports.saveSummaryIfMissing(
        taskRun.runUid,
        taskRun.pipelineTask,
        summary!,
      );
      if (saved) publisher.reportsChanged(taskRun.runUid, taskRun.pipelineTask);
    }
  };
  return {
    taskRunsChanged: (_cluster, changes) =>
      record(changes.map(change => change.taskRun)),
    taskRunsListed: (_cluster, taskRuns) => record(taskRuns),
  };
}
