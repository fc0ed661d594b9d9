export { TaskPanel } from './TaskPanel';
export type { TaskPanelProps } from './TaskPanel';
