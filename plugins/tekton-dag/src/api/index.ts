export { tektonDagApiRef } from './TektonDagApi';
export type { TektonDagApi, ClusterInfo } from './TektonDagApi';
export { TektonDagClient } from './TektonDagClient';
