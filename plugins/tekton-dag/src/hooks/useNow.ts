import { useState } from 'react';
import useInterval from 'react-use/esm/useInterval';

/**
 * The current time in ms: `fixed` when given (tests, snapshots), else the clock, which ticks
 * every second only while `live` so that finished runs do not re-render for nothing.
 */
export function useNow(fixed: Date | undefined, live: boolean): number {
  const [clock, setClock] = useState(() => Date.now());
  useInterval(() => setClock(Date.now()), !fixed && live ? 1000 : null);
  return fixed ? fixed.getTime() : clock;
}
