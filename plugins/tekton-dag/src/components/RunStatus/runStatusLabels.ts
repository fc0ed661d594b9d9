import type { RunStatus } from '@tekton-dag/plugin-tekton-dag-common';

/** Each run status in words, as every page shows it. */
export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  Pending: 'Pending',
  Running: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
  TimedOut: 'Timed out',
};
