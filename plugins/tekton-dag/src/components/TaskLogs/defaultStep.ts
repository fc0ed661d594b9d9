import type { StepSummary } from '@tekton-dag/plugin-tekton-dag-common';

/**
 * The step whose log a reader most likely wants: the first failed, else the first running,
 * else the first. `previous`, the step shown so far, wins over the first step so that the view
 * does not jump back to the top when the last running step finishes.
 */
export function defaultStep(
  steps: StepSummary[],
  previous?: string,
): string | undefined {
  const interesting =
    steps.find(s => s.status === 'Failed') ??
    steps.find(s => s.status === 'Running');
  if (interesting) return interesting.name;
  if (previous && steps.some(s => s.name === previous)) return previous;
  return steps[0]?.name;
}
