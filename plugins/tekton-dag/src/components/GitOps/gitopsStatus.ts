import type { Theme } from '@material-ui/core/styles';
import type { GitOpsApplication } from '@tekton-dag/plugin-tekton-dag-common';
import AutorenewIcon from '@material-ui/icons/Autorenew';
import BlockIcon from '@material-ui/icons/Block';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import FavoriteIcon from '@material-ui/icons/Favorite';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import PauseCircleFilledIcon from '@material-ui/icons/PauseCircleFilled';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import SyncIcon from '@material-ui/icons/Sync';
import SyncProblemIcon from '@material-ui/icons/SyncProblem';

/** How a GitOps status looks: its words, icon and theme colour (never colour alone). */
export interface StatusLook {
  label: string;
  Icon: typeof CheckCircleIcon;
  color(theme: Theme): string;
}

const grey = (theme: Theme) => theme.palette.grey[500];
const unknown = (status: string | undefined): StatusLook => ({
  label: status || 'Unknown',
  Icon: HelpOutlineIcon,
  color: grey,
});

/** Argo CD's sync status: Synced, OutOfSync, Unknown. */
export function syncLook(status: string | undefined): StatusLook {
  switch (status) {
    case 'Synced':
      return {
        label: 'Synced',
        Icon: CheckCircleIcon,
        color: theme => theme.palette.success.main,
      };
    case 'OutOfSync':
      return {
        label: 'OutOfSync',
        Icon: SyncProblemIcon,
        color: theme => theme.palette.warning.main,
      };
    default:
      return unknown(status);
  }
}

/** Argo CD's health: Healthy, Progressing, Degraded, Suspended, Missing, Unknown. */
export function healthLook(status: string | undefined): StatusLook {
  switch (status) {
    case 'Healthy':
      return {
        label: 'Healthy',
        Icon: FavoriteIcon,
        color: theme => theme.palette.success.main,
      };
    case 'Progressing':
      return {
        label: 'Progressing',
        Icon: AutorenewIcon,
        color: theme => theme.palette.info.main,
      };
    case 'Degraded':
      return {
        label: 'Degraded',
        Icon: ErrorIcon,
        color: theme => theme.palette.error.main,
      };
    case 'Suspended':
      return {
        label: 'Suspended',
        Icon: PauseCircleFilledIcon,
        color: grey,
      };
    case 'Missing':
      return {
        label: 'Missing',
        Icon: RemoveCircleOutlineIcon,
        color: theme => theme.palette.warning.main,
      };
    default:
      return unknown(status);
  }
}

/** A sync operation's phase: Running, Succeeded, Failed, Error, Terminating. */
export function phaseLook(phase: string | undefined): StatusLook {
  switch (phase) {
    case 'Running':
      return {
        label: 'Running',
        Icon: SyncIcon,
        color: theme => theme.palette.info.main,
      };
    case 'Succeeded':
      return {
        label: 'Succeeded',
        Icon: CheckCircleIcon,
        color: theme => theme.palette.success.main,
      };
    case 'Failed':
    case 'Error':
      return {
        label: phase,
        Icon: ErrorIcon,
        color: theme => theme.palette.error.main,
      };
    case 'Terminating':
      return {
        label: 'Terminating',
        Icon: BlockIcon,
        color: theme => theme.palette.warning.main,
      };
    default:
      return unknown(phase);
  }
}

/** A git revision as people read it: the first 7 characters of a SHA, a branch or tag whole. */
export function shortRevision(revision: string): string {
  return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}

/** How many of the Application's resources differ from git. */
export function outOfSyncCount(app: {
  resources: Array<{ status?: string }>;
}): number {
  return app.resources.filter(r => r.status === 'OutOfSync').length;
}

/**
 * The sync wave an Application is installed in by another of `apps` (an app of apps, which
 * manages it as a resource); undefined when none of them installs it.
 */
export function applicationSyncWave(
  app: GitOpsApplication,
  apps: GitOpsApplication[],
): number | undefined {
  for (const parent of apps) {
    if (parent === app) continue;
    const resource = parent.resources.find(
      r =>
        r.kind === 'Application' &&
        (!r.group || r.group === 'argoproj.io') &&
        r.name === app.name &&
        (!r.namespace || !app.namespace || r.namespace === app.namespace),
    );
    if (resource) return resource.syncWave;
  }
  return undefined;
}
