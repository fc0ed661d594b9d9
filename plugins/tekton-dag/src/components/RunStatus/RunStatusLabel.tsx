import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type { RunStatus } from '@tekton-dag/plugin-tekton-dag-common';

const ICONS: Record<RunStatus, (props: { children?: any }) => JSX.Element> = {
  Succeeded: StatusOK,
  Failed: StatusError,
  Running: StatusRunning,
  Pending: StatusPending,
  Cancelled: StatusAborted,
  TimedOut: StatusWarning,
};

const LABELS: Record<RunStatus, string> = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Running: 'Running',
  Pending: 'Pending',
  Cancelled: 'Cancelled',
  TimedOut: 'Timed out',
};

/** A run's or task's status as the rest of Backstage shows statuses: an icon and a word. */
export function RunStatusLabel(props: { status: RunStatus; reason?: string }) {
  const Icon = ICONS[props.status] ?? StatusPending;
  return (
    <span title={props.reason}>
      <Icon>{LABELS[props.status] ?? props.status}</Icon>
    </span>
  );
}
