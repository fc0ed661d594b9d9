export { TaskLogs } from './TaskLogs';
export type { TaskLogsProps } from './TaskLogs';
