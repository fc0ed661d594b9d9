export { RunStatusLabel } from './RunStatusLabel';
export { RunStatusIcon } from './RunStatusIcon';
export { statusColor } from './statusColor';
export { formatDuration, formatElapsed, elapsedMs } from './formatDuration';
export { RUN_STATUS_LABELS } from './runStatusLabels';
