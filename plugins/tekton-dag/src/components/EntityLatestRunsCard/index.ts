export { EntityLatestRunsCard } from './EntityLatestRunsCard';
