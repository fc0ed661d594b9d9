import type { Knex } from 'knex';
import type { CommitState } from '../forges/types';
import type { ForgeStatusStore, OwedForgeStatus } from './ForgeStatusStore';
import { TABLES } from './tables';

const STATUSES = TABLES.forgeStatuses;

/** Owed commit statuses as rows; see ForgeStatusStore. */
export class DatabaseForgeStatusStore implements ForgeStatusStore {
  constructor(private readonly db: Knex) {}

  async add(status: Omit<OwedForgeStatus, 'reportedState' | 'attempts'>) {
    const now = new Date();
    await this.db(STATUSES)
      .insert({
        run_uid: status.runUid,
        forge: status.forge,
        host: status.host,
        repository: status.repository,
        sha: status.sha,
        target_url: status.targetUrl ?? null,
        context: status.context,
        attempts: 0,
        next_attempt_at: now,
        updated_at: now,
      })
      .onConflict('run_uid')
      .ignore();
  }

  async listDue(limit: number, now = new Date()): Promise<OwedForgeStatus[]> {
    const rows = await this.db(STATUSES)
      .where({ settled: false })
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit);
    return rows.map(row => ({
      runUid: row.run_uid,
      forge: row.forge,
      host: row.host,
      repository: row.repository,
      sha: row.sha,
      targetUrl: row.target_url ?? undefined,
      context: row.context,
      reportedState: row.reported_state ?? undefined,
      attempts: row.attempts,
    }));
  }

  async markReported(runUid: string, state: CommitState, settled: boolean) {
    const now = new Date();
    await this.db(STATUSES)
      .where({ run_uid: runUid })
      .update({
        reported_state: state,
        settled,
        attempts: 0,
        last_error: null,
        // An unsettled row is looked at again in a while even without a signal: a run whose
        // transition this replica did not see still gets its final status.
        next_attempt_at: new Date(now.getTime() + 60_000),
        updated_at: now,
      });
  }

  async markFailed(
    runUid: string,
    error: string,
    nextAttemptAt: Date,
    giveUp: boolean,
  ) {
    await this.db(STATUSES)
      .where({ run_uid: runUid })
      .update({
        attempts: this.db.raw('attempts + 1'),
        last_error: error.slice(0, 2000),
        next_attempt_at: nextAttemptAt,
        settled: giveUp,
        updated_at: new Date(),
      });
  }

  async makeDue(runUids: string[]) {
    if (!runUids.length) return;
    await this.db(STATUSES)
      .whereIn('run_uid', runUids)
      .where({ settled: false, attempts: 0 })
      .update({ next_attempt_at: new Date() });
  }

  async deleteSettledBefore(before: Date): Promise<number> {
    return this.db(STATUSES)
      .where({ settled: true })
      .where('updated_at', '<', before)
      .delete();
  }
}
