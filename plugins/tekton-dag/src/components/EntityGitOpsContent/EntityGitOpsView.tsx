import { useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Box,
  Button,
  Chip,
  makeStyles,
  Snackbar,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  GitOpsApplication,
  tektonDagGitOpsSyncPermission,
} from '@tekton-dag/plugin-tekton-dag-common';
import { tektonDagApiRef } from '../../api';
import type { RunLink } from '../RunPage';
import { GitOpsErrors, outOfSyncCount, useEntityGitOps } from '../GitOps';
import { ApplicationPanel } from './ApplicationPanel';
import { ApplicationsSummaryTable } from './ApplicationsSummaryTable';
import { SyncApplicationDialog } from './SyncApplicationDialog';

const useStyles = makeStyles(theme => ({
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  },
  grow: { flex: 1 },
}));

type Action = 'sync' | 'refresh';

function statusOf(error: unknown): number | undefined {
  const e = error as {
    name?: string;
    statusCode?: number;
    response?: { status?: number };
  };
  if (e?.name === 'NotAllowedError') return 403;
  if (e?.name === 'NotFoundError') return 404;
  return e?.statusCode ?? e?.response?.status;
}

/** Why a sync or refresh failed, in words. */
function actionError(action: Action, app: string, error: unknown): string {
  switch (statusOf(error)) {
    case 403:
      return `You may not ${action} ${app}: the permission policy denies tekton-dag.gitops.sync.`;
    case 404:
      return `${app} is not one of this entity's Applications (any more).`;
    default:
      return `Could not ${action} ${app}: ${(error as Error).message}`;
  }
}

/** What the entity's annotations ask for, to say what matched nothing. */
function annotationText(annotations: Record<string, string | undefined>) {
  const name = annotations[ANNOTATION_ARGOCD_APP_NAME]?.trim();
  const selector = annotations[ANNOTATION_ARGOCD_APP_SELECTOR]?.trim();
  return name
    ? `${ANNOTATION_ARGOCD_APP_NAME}: ${name}`
    : `${ANNOTATION_ARGOCD_APP_SELECTOR}: ${selector}`;
}

/**
 * The entity's Argo CD Applications (the GitOps tab): each with its sync and health, the run
 * that built the revision in sync, the last operation, deployments and resources by sync
 * wave, and Sync and Refresh for users the policy allows; several as a summary table whose
 * rows expand to these details. Live on the entity's GitOps channel.
 */
export function EntityGitOpsView(props: { runLink?: RunLink }) {
  const { runLink } = props;
  const { entity } = useEntity();
  const api = useApi(tektonDagApiRef);
  const classes = useStyles();
  const entityRef = stringifyEntityRef(entity);
  const gitops = useEntityGitOps(entity);
  const permission = usePermission({
    permission: tektonDagGitOpsSyncPermission,
    resourceRef: entityRef,
  });
  const [confirming, setConfirming] = useState<GitOpsApplication>();
  const [busy, setBusy] = useState<Record<string, Action | undefined>>({});
  const [notice, setNotice] = useState<{
    severity: 'success' | 'error';
    message: string;
  }>();
  const [noticeOpen, setNoticeOpen] = useState(false);
  const notify = (severity: 'success' | 'error', message: string) => {
    setNotice({ severity, message });
    setNoticeOpen(true);
  };

  const request = async (action: Action, app: GitOpsApplication) => {
    setBusy(b => ({ ...b, [app.name]: action }));
    try {
      const ref = getCompoundEntityRef(entity);
      if (action === 'sync') await api.syncApplication(ref, app.name);
      else await api.refreshApplication(ref, app.name);
      notify(
        'success',
        action === 'sync'
          ? `Sync of ${app.name} requested: Argo CD is applying ${
              app.targetRevision ?? 'its target revision'
            }.`
          : `Refresh of ${app.name} requested: Argo CD compares it with git again.`,
      );
      void gitops.reload();
    } catch (error) {
      notify('error', actionError(action, app.name, error));
      // The Application may be gone: show what there is now.
      if (statusOf(error) === 404) void gitops.reload();
    } finally {
      setBusy(b => ({ ...b, [app.name]: undefined }));
    }
  };

  if (!gitops.available) {
    return (
      <EmptyState
        missing="field"
        title="No Argo CD Applications for this entity"
        description={`Add the ${ANNOTATION_ARGOCD_APP_NAME} annotation (an Application's name) or ${ANNOTATION_ARGOCD_APP_SELECTOR} (a label selector of Applications) to catalog-info.yaml.`}
      />
    );
  }

  const panel = (app: GitOpsApplication) => (
    <ApplicationPanel
      app={app}
      runLink={runLink}
      permission={permission}
      busy={busy[app.name]}
      onSync={() => setConfirming(app)}
      onRefresh={() => void request('refresh', app)}
    />
  );

  const value = gitops.value;
  const apps = value?.items ?? [];
  const outOfSync = apps.reduce((sum, app) => sum + outOfSyncCount(app), 0);
  return (
    <>
      <Box className={classes.header}>
        {value && (
          <Typography variant="body1" aria-live="polite">
            {apps.length} {apps.length === 1 ? 'Application' : 'Applications'}
            {apps.length > 0 &&
              ` · ${
                outOfSync
                  ? `${outOfSync} ${
                      outOfSync === 1 ? 'resource' : 'resources'
                    } out of sync`
                  : 'all resources in sync'
              }`}
          </Typography>
        )}
        <span className={classes.grow} />
        {gitops.live ? (
          <Tooltip title="This page updates by itself as Argo CD reports changes">
            <Chip
              size="small"
              color="primary"
              label="Live"
              aria-label="Live updates on"
            />
          </Tooltip>
        ) : (
          <>
            <Typography variant="caption" color="textSecondary">
              Live updates are unavailable (the signals plugin is not installed)
            </Typography>
            <Button size="small" onClick={() => void gitops.reload()}>
              Refresh
            </Button>
          </>
        )}
      </Box>

      {gitops.error && <ResponseErrorPanel error={gitops.error} />}
      {!value && !gitops.error && <Progress />}
      {value && <GitOpsErrors errors={value.errors} />}
      {value && apps.length === 0 && (
        <EmptyState
          missing="data"
          title="No Argo CD Applications found"
          description={`No Application matches ${annotationText(
            entity.metadata.annotations ?? {},
          )} in the clusters and Argo CD instances the portal reads (tektonDag.argocd in app-config.yaml).`}
        />
      )}
      {apps.length === 1 && panel(apps[0])}
      {/* Several Applications in full run to thousands of pixels: a summary, details on demand. */}
      {apps.length > 1 && (
        <ApplicationsSummaryTable applications={apps} renderDetails={panel} />
      )}

      {confirming && (
        <SyncApplicationDialog
          app={confirming}
          onClose={() => setConfirming(undefined)}
          onConfirm={() => {
            setConfirming(undefined);
            void request('sync', confirming);
          }}
        />
      )}
      {notice && (
        <Snackbar
          open={noticeOpen}
          autoHideDuration={8000}
          onClose={(_, reason) =>
            reason !== 'clickaway' && setNoticeOpen(false)
          }
          anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        >
          <Alert
            severity={notice.severity}
            onClose={() => setNoticeOpen(false)}
          >
            {notice.message}
          </Alert>
        </Snackbar>
      )}
    </>
  );
}
