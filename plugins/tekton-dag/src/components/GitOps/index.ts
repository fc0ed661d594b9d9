export { SyncStatusBadge, HealthBadge, StatusText } from './GitOpsBadges';
export { BuiltByText, testsSummary } from './BuiltBy';
export { GitOpsErrors, describeSource } from './GitOpsErrors';
export { useEntityGitOps } from './useEntityGitOps';
export type { EntityGitOpsState } from './useEntityGitOps';
export {
  applicationSyncWave,
  outOfSyncCount,
  shortRevision,
} from './gitopsStatus';
export { formatTime } from './formatTime';
