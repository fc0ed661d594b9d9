import type { Theme } from '@material-ui/core/styles';
import type { RunStatus } from '@tekton-dag/plugin-tekton-dag-common';

/** The theme colour that stands for a run, task or step status everywhere in the plugin. */
export function statusColor(theme: Theme, status: RunStatus): string {
  switch (status) {
    case 'Succeeded':
      return theme.palette.success.main;
    case 'Failed':
      return theme.palette.error.main;
    case 'Running':
      return theme.palette.info.main;
    case 'Cancelled':
    case 'TimedOut':
      return theme.palette.warning.main;
    case 'Pending':
    default:
      return theme.palette.grey[500];
  }
}
