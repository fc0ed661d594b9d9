import { useEffect, useRef, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';

/**
 * Calls `onChange` whenever the backend signals a change on `channel` (runs of an entity, or
 * one run), so pages refresh without polling. `live` says whether signals reach this browser:
 * when the signals plugin is missing, pages say so and offer a manual refresh instead.
 */
export function useLiveUpdates(
  channel: string | undefined,
  /** Gets the signal's message (ids and statuses, see the common package's signals). */
  onChange: (message: unknown) => void,
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
    return () => subscription.unsubscribe();
  }, [signals, channel]);

  return { live };
}
