import type { TestIdentity } from '@tekton-dag/plugin-tekton-dag-common';

/**
 * Where a test lives: its suite and class, joined as the suites are. Runners often repeat one
 * as the other (Jest's class name is the file's suite), which is said once.
 */
export function testLocation(test: Pick<TestIdentity, 'suite' | 'className'>) {
  return [test.suite, test.className]
    .filter((part, i, parts) => part && parts.indexOf(part) === i)
    .join(' › ');
}
