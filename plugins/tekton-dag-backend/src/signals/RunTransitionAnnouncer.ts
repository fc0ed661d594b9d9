import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RunChange, RunStore, RunTransition } from '../database/RunStore';
import type { ChangePublisher } from './ChangePublisher';
import { errorForLog } from '../logging/errorForLog';

/** A transition taken by a writer that has not announced it after this is the relay's. */
export const TRANSITION_STALE_MS = 15_000;
const RELAY_BATCH = 200;

type Announceable = Omit<RunTransition, 'recordedAt'>;

/**
 * Announces runs' status transitions from the outbox the run store writes them to: the writer
 * announces its own at once; the relay (a scheduled task, on one replica at a time) announces
 * what is left: transitions whose writer died before announcing them, or whose announcement
 * failed (the event bus was unreachable). Each is marked published once the event bus has it,
 * so browsers hear of every transition, and of each once but for a replica dying between the
 * event bus taking it and the mark.
 */
export class RunTransitionAnnouncer {
  constructor(
    private readonly options: {
      store: Pick<
        RunStore,
        | 'markTransitionsPublished'
        | 'releaseTransitions'
        | 'claimUnpublishedTransitions'
      >;
      publisher: Pick<ChangePublisher, 'announceTransition'>;
      logger: LoggerService;
    },
  ) {}

  /** The writer's part: the transitions its changes recorded. */
  async announce(changes: RunChange[]): Promise<void> {
    await this.publish(
      changes
        .filter(change => change.transitionId !== undefined)
        .map(({ run, previousStatus, transitionId }) => ({
          id: transitionId!,
          runId: run.id,
          entityRef: run.entityRef,
          previousStatus,
          status: run.status,
        })),
    );
  }

  /**
   * The relay's part: every transition left unannounced; returns how many it announced. It
   * stops at the first batch the event bus refuses any of (they are tried again later).
   */
  async relay(staleMs = TRANSITION_STALE_MS): Promise<number> {
    let announced = 0;
    for (;;) {
      const batch = await this.options.store.claimUnpublishedTransitions({
        staleMs,
        limit: RELAY_BATCH,
      });
      const published = await this.publish(batch);
      announced += published;
      if (batch.length < RELAY_BATCH || published < batch.length)
        return announced;
    }
  }

  /**
   * Publishes transitions, marks those the event bus took, and leaves the others to the relay
   * (taken again only once they are stale, so a refusing event bus is not hammered).
   */
  private async publish(transitions: Announceable[]): Promise<number> {
    if (!transitions.length) return 0;
    const results = await Promise.allSettled(
      transitions.map(t => this.options.publisher.announceTransition(t)),
    );
    const published = transitions
      .filter((_, i) => results[i].status === 'fulfilled')
      .map(t => t.id);
    const failed = transitions
      .filter((_, i) => results[i].status === 'rejected')
      .map(t => t.id);
    if (published.length)
      await this.options.store.markTransitionsPublished(published);
    if (failed.length) {
      const reason = results.find(r => r.status === 'rejected') as
        | PromiseRejectedResult
        | undefined;
      this.options.logger.warn(
        `Announcing ${failed.length} run status change(s) failed; the relay tries them again`,
        errorForLog(reason?.reason),
      );
      await this.options.store.releaseTransitions(failed);
    }
    return published.length;
  }
}
