import { useEffect, useRef, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';

/**
 * When a page reads again without a signal (`onChange` with no message): Backstage's signals
 * client says nothing when its subscription reaches the backend (it opens a WebSocket first,
 * and again after a drop), and what changed before that is never delivered: a run that
 * finished while its page was opening stayed "Pending". So the page catches up once the
 * subscription has had time to take effect, and when it is shown again after being hidden.
 */
export const CATCH_UP_AFTER_MS = [1_000, 5_000];

/**
 * Calls `onChange` whenever the backend signals a change on `channel` (runs of an entity, or
 * one run), so pages refresh without polling. `live` says whether signals reach this browser:
 * when the signals plugin is missing, pages say so and offer a manual refresh instead.
 */
export function useLiveUpdates(
  channel: string | undefined,
  /**
   * Gets the signal's message (ids and statuses, see the common package's signals), or no
   * message when the page should catch up (see CATCH_UP_AFTER_MS).
   */
  onChange: (message?: unknown) => void,
): { live: boolean } {
  const signals = useApiHolder().get(signalApiRef);
  const callback = useRef(onChange);
  callback.current = onChange;
  const [live, setLive] = useState(false);

  useEffect(() => {
    if (!signals || !channel) {
      setLive(false);
      return undefined;
    }
    const subscription = signals.subscribe(channel, message =>
      callback.current(message),
    );
    setLive(true);
    const catchUps = CATCH_UP_AFTER_MS.map(ms =>
      setTimeout(() => callback.current(), ms),
    );
    const onVisible = () => {
      if (document.visibilityState === 'visible') callback.current();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      subscription.unsubscribe();
      catchUps.forEach(clearTimeout);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [signals, channel]);

  return { live };
}
