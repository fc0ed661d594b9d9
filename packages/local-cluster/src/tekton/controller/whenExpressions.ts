import type { WhenExpression } from '@tekton-dag/plugin-tekton-dag-common';
import { substituteList, substituteString, Variables } from '../substitution';

/** Whether a task's when expressions all hold, their variables substituted. */
export function whenHolds(
  when: WhenExpression[] | undefined,
  variables: Variables,
): boolean {
  return (when ?? []).every(expression => {
    if (expression.cel !== undefined) return true; // CEL is a Tekton alpha feature; not evaluated here
    const input = substituteString(String(expression.input ?? ''), variables);
    const values = substituteList(expression.values ?? [], variables);
    const found = values.includes(input);
    return expression.operator === 'notin' ? !found : found;
  });
}

/** The when expressions with their variables substituted, as Tekton reports skipped tasks. */
export function substitutedWhen(
  when: WhenExpression[],
  variables: Variables,
): WhenExpression[] {
  return when.map(expression => ({
    ...expression,
    ...(expression.input !== undefined
      ? { input: substituteString(String(expression.input), variables) }
      : {}),
    ...(expression.values
      ? { values: substituteList(expression.values, variables) }
      : {}),
  }));
}
