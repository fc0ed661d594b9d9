import type { StepSummary } from '@tekton-dag/plugin-tekton-dag-common';

/** The step whose log a reader most likely wants: the first failed, else the running, else the first. */
export function defaultStep(steps: StepSummary[]): string | undefined {
  return (
    steps.find(s => s.status === 'Failed') ??
    steps.find(s => s.status === 'Running') ??
    steps[0]
  )?.name;
}
