import type { RunTrigger } from '@tekton-dag/plugin-tekton-dag-common';

const KINDS: Record<string, string> = {
  portal: 'Started in the portal',
  rerun: 'Rerun',
  webhook: 'Webhook',
  trigger: 'Tekton trigger',
  external: 'Outside the portal',
};

/** "Rerun by ada", "Webhook", ...: who or what started a run, for people. */
export function formatTrigger(trigger: RunTrigger): string {
  const kind = KINDS[trigger.kind] ?? trigger.kind;
  if (!trigger.by) return kind;
  const who = trigger.by.replace(/^user:(default\/)?/, '');
  return `${kind} by ${who}`;
}
