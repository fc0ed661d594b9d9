import type { EntityTestHistory } from '@tekton-dag/plugin-tekton-dag-common';
import { TestFigure, TestHistoryTable } from './TestHistoryTable';

type FlakyTest = EntityTestHistory['flaky'][number];

const figures: TestFigure<FlakyTest>[] = [
  { title: 'Flips', value: test => test.flips },
  { title: 'Failed runs', value: test => test.failedRuns },
  { title: 'Passed runs', value: test => test.passedRuns },
];

/** Tests that failed and passed on the same revision, the most changeable first. */
export function FlakyTestsTable(props: { flaky: EntityTestHistory['flaky'] }) {
  return (
    <TestHistoryTable
      label="Flaky tests"
      tests={props.flaky}
      figures={figures}
      empty="No flaky tests: no test both failed and passed on the same revision in these runs."
    />
  );
}
