export { tektonDagApiRef } from './TektonDagApi';
export type {
  CancelMode,
  ClusterInfo,
  LogRequest,
  RunFilter,
  TektonDagApi,
} from './TektonDagApi';
export { TektonDagClient } from './TektonDagClient';
