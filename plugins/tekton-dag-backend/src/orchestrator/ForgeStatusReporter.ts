import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RunStatus } from '@tekton-dag/plugin-tekton-dag-common';
import type {
  ForgeStatusStore,
  OwedForgeStatus,
} from '../database/ForgeStatusStore';
import type { RunStore } from '../database/RunStore';
import { findForge } from '../forges/readForgesConfig';
import type { CommitState, ForgeClient, ForgeConfig } from '../forges/types';
import { errorForLog } from '../logging/errorForLog';

const FINAL: Partial<Record<RunStatus, CommitState>> = {
  Succeeded: 'success',
  Failed: 'failure',
  TimedOut: 'failure',
  Cancelled: 'error',
};

const DESCRIPTION: Record<RunStatus, string> = {
  Pending: 'tekton-dag: the run is waiting to start',
  Running: 'tekton-dag: the run is running',
  Succeeded: 'tekton-dag: the run succeeded',
  Failed: 'tekton-dag: the run failed',
  TimedOut: 'tekton-dag: the run timed out',
  Cancelled: 'tekton-dag: the run was cancelled (a newer push, or by hand)',
};

/** After this many failed attempts a status is given up on (with backoff, about a day). */
const MAX_ATTEMPTS = 12;

/**
 * Tells forges the state of the runs their pull requests started: pending while a run goes,
 * success or failure when it ends, with a link to the run page. It works from the owed-status
 * rows, comparing each with its run's stored status, so it never blocks tracking, a forge that
 * is down is retried with backoff, and nothing is lost to a restart. Any replica may send; a
 * status sent twice is harmless (the forge keeps the latest per context).
 */
export class ForgeStatusReporter {
  private running?: Promise<number>;
  private again = false;

  constructor(
    private readonly options: {
      statuses: ForgeStatusStore;
      runs: Pick<RunStore, 'getRunStatuses'>;
      forges: ForgeConfig[];
      clientFor: (forge: ForgeConfig) => ForgeClient;
      logger: LoggerService;
    },
  ) {}

  /** Sends what is due now; a call during a send runs once more after it. */
  sendDue(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let sent = 0;
      do {
        this.again = false;
        sent += await this.sendBatch();
      } while (this.again);
      return sent;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Runs whose status changed: their rows become due at once. */
  async runsChanged(runUids: string[]) {
    await this.options.statuses.makeDue(runUids);
    await this.sendDue();
  }

  private async sendBatch(): Promise<number> {
    const due = await this.options.statuses.listDue(50);
    if (!due.length) return 0;
    const statuses = await this.options.runs.getRunStatuses(
      due.map(d => d.runUid),
    );
    let sent = 0;
    for (const owed of due) {
      const status = statuses.get(owed.runUid);
      if (!status) continue; // not recorded yet (a moment after creation): next round
      if (await this.send(owed, status)) sent++;
    }
    return sent;
  }

  private async send(owed: OwedForgeStatus, status: RunStatus) {
    const { statuses, logger } = this.options;
    const state = FINAL[status] ?? 'pending';
    const settled = FINAL[status] !== undefined;
    if (owed.reportedState === state) {
      // Nothing to send: the row waits for its next look (or settles), so it does not stay due.
      await statuses.markReported(owed.runUid, state, settled);
      return false;
    }
    const forge = findForge(this.options.forges, owed.forge, owed.host);
    if (!forge) {
      await statuses.markFailed(
        owed.runUid,
        `no ${owed.forge} forge configured for ${owed.host}`,
        new Date(),
        true,
      );
      return false;
    }
    const [owner, repo] = owed.repository.split('/');
    try {
      await this.options.clientFor(forge).setCommitStatus(
        { owner, repo, sha: owed.sha },
        {
          state,
          targetUrl: owed.targetUrl,
          description: DESCRIPTION[status],
          context: owed.context,
        },
      );
      await statuses.markReported(owed.runUid, state, settled);
      return true;
    } catch (error) {
      const attempts = owed.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      // 10 s, 20 s, 40 s … up to an hour, with jitter so replicas and forges are not in step.
      const delay =
        Math.min(3_600_000, 10_000 * 2 ** (attempts - 1)) *
        (0.8 + Math.random() * 0.4);
      await statuses.markFailed(
        owed.runUid,
        String((error as Error).message),
        new Date(Date.now() + delay),
        giveUp,
      );
      logger.warn(
        `Sending the ${state} status of run ${owed.runUid} to ${owed.host}/${
          owed.repository
        } failed (attempt ${attempts}${giveUp ? ', giving up' : ''})`,
        errorForLog(error),
      );
      return false;
    }
  }
}
