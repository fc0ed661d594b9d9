export { RunStatusLabel } from './RunStatusLabel';
export { RunStatusIcon } from './RunStatusIcon';
export { statusColor } from './statusColor';
export { formatDuration, elapsedMs } from './formatDuration';
