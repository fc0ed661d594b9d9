import { useTheme } from '@material-ui/core/styles';
import type { SvgIconProps } from '@material-ui/core/SvgIcon';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import ScheduleIcon from '@material-ui/icons/Schedule';
import SyncIcon from '@material-ui/icons/Sync';
import TimerOffIcon from '@material-ui/icons/TimerOff';
import type { RunStatus } from '@tekton-dag/plugin-tekton-dag-common';
import { statusColor } from './statusColor';

const icons: Record<RunStatus, typeof CheckCircleIcon> = {
  Pending: ScheduleIcon,
  Running: SyncIcon,
  Succeeded: CheckCircleIcon,
  Failed: ErrorIcon,
  Cancelled: BlockIcon,
  TimedOut: TimerOffIcon,
};

/**
 * A status as an icon in its status colour; the shape differs per status so that colour
 * is never the only cue. Decorative unless `titleAccess` names it.
 */
export function RunStatusIcon(
  props: { status: RunStatus } & Pick<
    SvgIconProps,
    'fontSize' | 'className' | 'titleAccess'
  >,
) {
  const { status, ...iconProps } = props;
  const theme = useTheme();
  const Icon = icons[status] ?? ScheduleIcon;
  return <Icon {...iconProps} style={{ color: statusColor(theme, status) }} />;
}
