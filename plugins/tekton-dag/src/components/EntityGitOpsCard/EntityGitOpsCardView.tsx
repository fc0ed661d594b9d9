import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, makeStyles, Typography } from '@material-ui/core';
import type { RunLink } from '../RunPage';
import {
  BuiltByText,
  describeSource,
  HealthBadge,
  outOfSyncCount,
  shortRevision,
  StatusText,
  SyncStatusBadge,
  useEntityGitOps,
} from '../GitOps';

const useStyles = makeStyles(
  theme => ({
    app: {
      padding: theme.spacing(1, 0),
      '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
    },
    header: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    mono: { fontFamily: 'monospace' },
    warning: { color: theme.palette.warning.dark },
  }),
  { name: 'TektonDagGitOpsCard' },
);

function inSyncText(resources: number): string {
  if (resources === 0) return 'Argo CD lists no resources';
  if (resources === 1) return 'Its one resource is in sync';
  return `All ${resources} resources in sync`;
}

/**
 * The entity overview's GitOps card: per Argo CD Application its sync and health, the
 * revision in sync and the run that built it with its tests, and how many resources are out
 * of sync; live. Links go to the GitOps tab (`tabLink`) and run pages (`runLink`) when given.
 */
export function EntityGitOpsCardView(props: {
  runLink?: RunLink;
  tabLink?: string;
}) {
  const { runLink, tabLink } = props;
  const { entity } = useEntity();
  const classes = useStyles();
  const gitops = useEntityGitOps(entity);
  const value = gitops.value;

  return (
    <InfoCard
      title="GitOps"
      subheader="Argo CD Applications"
      deepLink={
        tabLink ? { title: 'GitOps details', link: tabLink } : undefined
      }
    >
      {!gitops.available && (
        <Typography color="textSecondary">
          This entity names no Argo CD Application (argocd/app-name or
          argocd/app-selector).
        </Typography>
      )}
      {gitops.available && !value && !gitops.error && <Progress />}
      {gitops.error && <ResponseErrorPanel error={gitops.error} />}
      {value?.errors.map((error, i) => (
        <Typography key={i} variant="body2" className={classes.warning}>
          Could not read from {describeSource(error.source)}
          {error.application ? ` (${error.application})` : ''}: {error.message}
        </Typography>
      ))}
      {value && value.items.length === 0 && (
        <Typography color="textSecondary">
          No Argo CD Application found for this entity.
        </Typography>
      )}
      {value?.items.map(app => {
        const outOfSync = outOfSyncCount(app);
        return (
          <Box
            component="section"
            key={`${app.namespace ?? ''}/${app.name}`}
            aria-label={`Application ${app.name}`}
            className={classes.app}
          >
            <Box className={classes.header}>
              <Typography variant="subtitle1" component="h3">
                {tabLink ? <Link to={tabLink}>{app.name}</Link> : app.name}
              </Typography>
              <SyncStatusBadge status={app.sync.status} />
              <HealthBadge
                status={app.health.status}
                message={app.health.message}
              />
            </Box>
            <Typography variant="body2" component="div">
              {app.sync.revision ? (
                <>
                  Revision{' '}
                  <span className={classes.mono} title={app.sync.revision}>
                    {shortRevision(app.sync.revision)}
                  </span>{' '}
                  · <BuiltByText builtBy={app.builtBy} runLink={runLink} />
                </>
              ) : (
                'Not synced yet'
              )}
            </Typography>
            <Typography
              variant="body2"
              className={outOfSync ? classes.warning : undefined}
              color={outOfSync ? undefined : 'textSecondary'}
            >
              {outOfSync
                ? `${outOfSync} ${
                    outOfSync === 1 ? 'resource' : 'resources'
                  } out of sync`
                : inSyncText(app.resources.length)}
            </Typography>
            {app.operation?.phase === 'Running' && (
              <Typography variant="body2" component="div">
                <StatusText kind="phase" status="Running" /> Sync in progress
                {app.operation.message ? `: ${app.operation.message}` : ''}
              </Typography>
            )}
          </Box>
        );
      })}
    </InfoCard>
  );
}
