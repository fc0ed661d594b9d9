export { RunStatusLabel } from './RunStatusLabel';
export { formatDuration, elapsedMs } from './formatDuration';
