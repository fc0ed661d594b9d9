export { RunTests } from './RunTests';
export { useRunReports } from './useRunReports';
export type { RunReportsState } from './useRunReports';
export { formatTestDuration } from './formatTestDuration';
export { testLocation } from './testLocation';
export {
  TEST_STATUS_LABELS,
  TEST_STATUSES,
  testStatusColor,
} from './testStatus';
export { TestStatusSwatch } from './TestStatusSwatch';
