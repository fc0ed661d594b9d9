import type { StepSummary } from '@tekton-dag/plugin-tekton-dag-common';
import { defaultStep } from './defaultStep';

const steps = (...statuses: StepSummary['status'][]): StepSummary[] =>
  statuses.map((status, i) => ({ name: `s${i}`, status }));

describe('defaultStep', () => {
  it('picks the first failed step', () => {
    expect(defaultStep(steps('Succeeded', 'Failed', 'Failed'))).toBe('s1');
  });

  it('picks the running step when none failed', () => {
    expect(defaultStep(steps('Succeeded', 'Running', 'Pending'))).toBe('s1');
  });

  it('picks the first step otherwise', () => {
    expect(defaultStep(steps('Succeeded', 'Succeeded'))).toBe('s0');
    expect(defaultStep([])).toBeUndefined();
  });

  it('stays on the step shown so far once nothing runs or fails', () => {
    expect(defaultStep(steps('Succeeded', 'Succeeded'), 's1')).toBe('s1');
    expect(defaultStep(steps('Succeeded', 'Running'), 's0')).toBe('s1');
    expect(defaultStep(steps('Succeeded'), 'gone')).toBe('s0');
  });
});
