export { tektonDagApiRef } from './TektonDagApi';
export type {
  CancelMode,
  ClusterInfo,
  GitOpsActionResult,
  LogRequest,
  RunFilter,
  TektonDagApi,
  TestCaseQuery,
} from './TektonDagApi';
export { TektonDagClient } from './TektonDagClient';
