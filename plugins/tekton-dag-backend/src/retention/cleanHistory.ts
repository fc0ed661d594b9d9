import type { Knex } from 'knex';
import type { LogStore } from '../database/LogStore';
import type { ReportStore } from '../database/ReportStore';
import type { RunStore } from '../database/RunStore';

/** Runs deleted per transaction. */
const RUNS_PER_TRANSACTION = 20;

/** Reports of runs never recorded are kept this long (a report may arrive before its run). */
export const ORPHAN_REPORT_AGE_MS = 24 * 60 * 60_000;

export interface HistoryStores {
  db: Knex;
  runs: RunStore;
  logs: LogStore;
  reports: ReportStore;
}

/** Deletes runs with everything kept of them (task runs, logs, reports), in one transaction. */
export async function deleteRunHistory(stores: HistoryStores, uids: string[]) {
  if (!uids.length) return;
  await stores.db.transaction(async tx => {
    await stores.logs.deleteForRuns(uids, tx);
    await stores.reports.deleteForRuns(uids, tx);
    await stores.runs.deleteRuns(uids, tx);
  });
}

/**
 * One pass of the history cleaner: runs past the retention limits (when set) with their task
 * runs, logs, reports and test cases; reports whose run was never recorded a day after they
 * arrived; uploads abandoned half-way by a replica that died.
 */
export async function cleanHistory(
  stores: HistoryStores,
  limits: { olderThan?: Date; keepPerPipeline?: number },
  now = new Date(),
): Promise<{ runs: number; orphanReports: number; abandonedUploads: number }> {
  let runs = 0;
  if (limits.olderThan || limits.keepPerPipeline !== undefined) {
    const expired = await stores.runs.listExpiredRuns(limits);
    // In small slices (a run may have 100,000 test cases), so no transaction holds the
    // database for long.
    for (let i = 0; i < expired.length; i += RUNS_PER_TRANSACTION)
      await deleteRunHistory(
        stores,
        expired.slice(i, i + RUNS_PER_TRANSACTION),
      );
    runs = expired.length;
  }
  const reported = await stores.reports.listReportedRunUids(
    new Date(now.getTime() - ORPHAN_REPORT_AGE_MS),
  );
  const recorded = await stores.runs.existingRunUids(reported);
  const orphans = reported.filter(uid => !recorded.has(uid));
  for (let i = 0; i < orphans.length; i += RUNS_PER_TRANSACTION)
    await stores.db.transaction(tx =>
      stores.reports.deleteForRuns(
        orphans.slice(i, i + RUNS_PER_TRANSACTION),
        tx,
      ),
    );
  const abandonedUploads = await stores.reports.deleteAbandonedUploads();
  // Announced status changes are kept a day (for looking into what browsers were told).
  await stores.runs.deletePublishedTransitions(
    new Date(now.getTime() - 86_400_000),
  );
  return { runs, orphanReports: orphans.length, abandonedUploads };
}
