export { RunsTable } from './RunsTable';
export type { RunsTableProps } from './RunsTable';
export { RunFilters } from './RunFilters';
export type { RunFiltersValue, TimeRange } from './RunFilters';
export { sinceToFrom } from './RunFilters';
