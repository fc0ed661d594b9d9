import type { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import {
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Divider,
  Grid,
  makeStyles,
  Tooltip,
  Typography,
} from '@material-ui/core';
import type { GitOpsApplication } from '@tekton-dag/plugin-tekton-dag-common';
import type { RunLink } from '../RunPage';
import {
  BuiltByText,
  describeSource,
  formatTime,
  HealthBadge,
  outOfSyncCount,
  shortRevision,
  StatusText,
  SyncStatusBadge,
} from '../GitOps';
import { ApplicationHistory } from './ApplicationHistory';
import { ApplicationResources } from './ApplicationResources';

const useStyles = makeStyles(
  theme => ({
    header: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
      marginBottom: theme.spacing(1),
    },
    grow: { flex: 1 },
    fields: {
      display: 'grid',
      gridTemplateColumns: 'max-content 1fr',
      columnGap: theme.spacing(2),
      rowGap: theme.spacing(0.5),
      margin: 0,
      '& dt': { color: theme.palette.text.secondary },
      '& dd': { margin: 0, wordBreak: 'break-word' },
    },
    mono: { fontFamily: 'monospace' },
    section: { marginTop: theme.spacing(2) },
    outOfSync: {
      borderColor: theme.palette.warning.main,
      color: theme.palette.warning.dark,
    },
  }),
  { name: 'TektonDagGitOpsApplication' },
);

/** The permission decision for sync and refresh, as `usePermission` gives it. */
export interface SyncPermission {
  allowed: boolean;
  loading: boolean;
}

const DENIED =
  "You may not sync or refresh this entity's Applications (tekton-dag.gitops.sync)";

/**
 * Sync or Refresh: disabled with the reason as tooltip when the policy denies it. `label` is
 * the accessible name and overrides the text, so it must say when the button is busy too.
 */
function ActionButton(props: {
  label: string;
  permission: SyncPermission;
  busy: boolean;
  onClick(): void;
  children: string;
  variant?: 'outlined' | 'contained';
}) {
  const { permission, busy } = props;
  const button = (
    <Button
      size="small"
      color="primary"
      variant={props.variant ?? 'outlined'}
      aria-label={props.label}
      disabled={!permission.allowed || permission.loading || busy}
      onClick={props.onClick}
    >
      {props.children}
    </Button>
  );
  if (permission.allowed || permission.loading) return button;
  return (
    <Tooltip title={DENIED}>
      {/* A disabled button fires no events: the span carries the tooltip. */}
      <span>{button}</span>
    </Tooltip>
  );
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2">
        {props.label}
      </Typography>
      <Typography component="dd" variant="body2">
        {props.children}
      </Typography>
    </>
  );
}

function repoLink(url: string) {
  return /^https?:\/\//.test(url) ? <Link to={url}>{url}</Link> : url;
}

function destinationText(app: GitOpsApplication): string {
  const { server, name, namespace } = app.destination ?? {};
  const cluster = name ?? server ?? 'unknown cluster';
  return namespace ? `${cluster}, namespace ${namespace}` : cluster;
}

function syncPolicyText(app: GitOpsApplication): string {
  if (!app.automated) return 'Manual: Argo CD syncs only when asked';
  const on = (flag?: boolean) => (flag ? 'on' : 'off');
  return `Automated (prune ${on(app.automated.prune)}, self-heal ${on(
    app.automated.selfHeal,
  )})`;
}

/**
 * One Argo CD Application: sync and health, where it comes from and goes to, the revision in
 * sync now and the run that built it, the last operation, its deployments and its resources
 * by sync wave; Sync and Refresh for users the policy allows.
 */
export function ApplicationPanel(props: {
  app: GitOpsApplication;
  runLink?: RunLink;
  permission: SyncPermission;
  /** Which request for this Application is on its way, if any. */
  busy?: 'sync' | 'refresh';
  onSync(): void;
  onRefresh(): void;
}) {
  const { app, runLink, permission, busy, onSync, onRefresh } = props;
  const classes = useStyles();
  const outOfSync = outOfSyncCount(app);
  const operation = app.operation;

  return (
    <Card component="section" aria-label={`Application ${app.name}`}>
      <CardContent>
        <Box className={classes.header}>
          <Typography variant="h5" component="h2">
            {app.name}
          </Typography>
          <SyncStatusBadge status={app.sync.status} />
          <HealthBadge
            status={app.health.status}
            message={app.health.message}
          />
          {outOfSync > 0 && (
            <Chip
              size="small"
              variant="outlined"
              className={classes.outOfSync}
              label={`${outOfSync} out of sync`}
              aria-label={`${outOfSync} ${
                outOfSync === 1 ? 'resource' : 'resources'
              } out of sync`}
            />
          )}
          <span className={classes.grow} />
          <ActionButton
            label={
              busy === 'refresh'
                ? `Refreshing ${app.name}…`
                : `Refresh ${app.name}`
            }
            permission={permission}
            busy={!!busy}
            onClick={onRefresh}
          >
            {busy === 'refresh' ? 'Refreshing…' : 'Refresh'}
          </ActionButton>
          <ActionButton
            label={
              busy === 'sync' ? `Syncing ${app.name}…` : `Sync ${app.name}`
            }
            permission={permission}
            busy={!!busy}
            onClick={onSync}
            variant="contained"
          >
            {busy === 'sync' ? 'Syncing…' : 'Sync'}
          </ActionButton>
        </Box>
        {app.health.message && app.health.status !== 'Healthy' && (
          <Typography variant="body2" color="textSecondary" gutterBottom>
            {app.health.message}
          </Typography>
        )}

        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <dl className={classes.fields}>
              <Field label="Current revision">
                {app.sync.revision ? (
                  <>
                    <span className={classes.mono} title={app.sync.revision}>
                      {shortRevision(app.sync.revision)}
                    </span>
                    {' · '}
                    <BuiltByText builtBy={app.builtBy} runLink={runLink} />
                  </>
                ) : (
                  'Not synced yet'
                )}
              </Field>
              <Field label="Source">
                {app.repoURL ? repoLink(app.repoURL) : '—'}
                {app.path && (
                  <>
                    {' '}
                    path <span className={classes.mono}>{app.path}</span>
                  </>
                )}
                {app.targetRevision && (
                  <>
                    {' '}
                    at{' '}
                    <span className={classes.mono}>{app.targetRevision}</span>
                  </>
                )}
              </Field>
              <Field label="Destination">{destinationText(app)}</Field>
              <Field label="Sync policy">{syncPolicyText(app)}</Field>
              {app.project && <Field label="Project">{app.project}</Field>}
              <Field label="Read from">
                {describeSource(app.source)}
                {app.namespace && `, namespace ${app.namespace}`}
              </Field>
              {app.reconciledAt && (
                <Field label="Compared with git">
                  <span title={app.reconciledAt}>
                    {formatTime(app.reconciledAt)}
                  </span>
                </Field>
              )}
            </dl>
          </Grid>
          <Grid item xs={12} md={6}>
            <Typography variant="h6" component="h3" gutterBottom>
              Last operation
            </Typography>
            {operation ? (
              <dl
                className={classes.fields}
                aria-label={`Last operation of ${app.name}`}
              >
                <Field label="Phase">
                  <StatusText kind="phase" status={operation.phase} />
                </Field>
                {operation.message && (
                  <Field label="Message">{operation.message}</Field>
                )}
                {operation.revision && (
                  <Field label="Revision">
                    <span className={classes.mono} title={operation.revision}>
                      {shortRevision(operation.revision)}
                    </span>
                  </Field>
                )}
                {operation.startedAt && (
                  <Field label="Started">
                    <span title={operation.startedAt}>
                      {formatTime(operation.startedAt)}
                    </span>
                  </Field>
                )}
                {operation.finishedAt && (
                  <Field label="Finished">
                    <span title={operation.finishedAt}>
                      {formatTime(operation.finishedAt)}
                    </span>
                  </Field>
                )}
                {operation.initiatedBy && (
                  <Field label="Initiated by">
                    {operation.initiatedBy === 'automated'
                      ? 'automated sync'
                      : operation.initiatedBy}
                  </Field>
                )}
              </dl>
            ) : (
              <Typography variant="body2" color="textSecondary">
                No sync operation yet.
              </Typography>
            )}
          </Grid>
        </Grid>

        <Divider className={classes.section} />
        <Grid container spacing={3} className={classes.section}>
          <Grid item xs={12} lg={5}>
            <Typography variant="h6" component="h3" gutterBottom>
              History
            </Typography>
            <ApplicationHistory
              application={app.name}
              history={app.history}
              runLink={runLink}
            />
          </Grid>
          <Grid item xs={12} lg={7}>
            <Typography variant="h6" component="h3" gutterBottom>
              Resources by sync wave
            </Typography>
            <ApplicationResources
              application={app.name}
              resources={app.resources}
            />
          </Grid>
        </Grid>
      </CardContent>
    </Card>
  );
}
