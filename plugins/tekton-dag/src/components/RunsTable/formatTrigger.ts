import type {
  RunTrigger,
  TriggerKind,
} from '@tekton-dag/plugin-tekton-dag-common';

// Typed by TriggerKind so a new kind cannot be forgotten; the fallback below is for a backend
// newer than this frontend.
const KINDS: Record<TriggerKind, string> = {
  portal: 'Started in the portal',
  rerun: 'Rerun',
  webhook: 'Webhook',
  pull_request: 'Pull request',
  trigger: 'Tekton trigger',
  external: 'Outside the portal',
};

/** Who started a run, for people: a user ref loses its `user:default/`. */
export function formatTriggeredBy(by: string): string {
  return by.replace(/^user:(default\/)?/, '');
}

/** "Rerun by ada", "Webhook", ...: who or what started a run, for people. */
export function formatTrigger(trigger: RunTrigger): string {
  const kind = KINDS[trigger.kind] ?? trigger.kind;
  if (!trigger.by) return kind;
  return `${kind} by ${formatTriggeredBy(trigger.by)}`;
}
