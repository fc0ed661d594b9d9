export { EntityGitOpsCard } from './EntityGitOpsCard';
export { EntityGitOpsCardView } from './EntityGitOpsCardView';
