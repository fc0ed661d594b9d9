import type { EntityTestHistory } from '@tekton-dag/plugin-tekton-dag-common';
import { formatTestDuration } from '../RunTests';
import { TestFigure, TestHistoryTable } from './TestHistoryTable';

type SlowTest = EntityTestHistory['slowest'][number];

const figures: TestFigure<SlowTest>[] = [
  {
    title: 'Average duration',
    value: test => formatTestDuration(test.averageMs),
  },
  { title: 'Runs', value: test => test.runs },
];

/** The tests that take longest on average over the runs, slowest first. */
export function SlowestTestsTable(props: {
  slowest: EntityTestHistory['slowest'];
}) {
  return (
    <TestHistoryTable
      label="Slowest tests"
      tests={props.slowest}
      figures={figures}
      empty="No test cases in these runs' reports."
    />
  );
}
