import type { TriggerKind } from '@tekton-dag/plugin-tekton-dag-common';

/** Short names of the trigger kinds, for picking them in the runs filter. */
export const TRIGGER_KIND_LABELS: Record<TriggerKind, string> = {
  portal: 'Portal',
  rerun: 'Rerun',
  webhook: 'Webhook',
  pull_request: 'Pull request',
  trigger: 'Tekton Triggers',
  external: 'External',
};
