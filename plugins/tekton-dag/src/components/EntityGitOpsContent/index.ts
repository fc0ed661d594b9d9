export { EntityGitOpsContent } from './EntityGitOpsContent';
export { EntityGitOpsView } from './EntityGitOpsView';
