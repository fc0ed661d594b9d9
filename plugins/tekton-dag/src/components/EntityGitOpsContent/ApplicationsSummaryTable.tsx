import { Fragment, useState, type ReactNode } from 'react';
import {
  Button,
  makeStyles,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { GitOpsApplication } from '@tekton-dag/plugin-tekton-dag-common';
import {
  applicationSyncWave,
  HealthBadge,
  outOfSyncCount,
  shortRevision,
  SyncStatusBadge,
} from '../GitOps';

const COLUMNS = 5;

const useStyles = makeStyles(
  theme => ({
    // Backstage's theme lets table cells break words anywhere ("Sync ed"): the short columns
    // stay on one line and as narrow as their content (1%), the name column takes the rest
    // and breaks names between words only.
    short: { whiteSpace: 'nowrap', width: '1%' },
    toggle: {
      wordBreak: 'normal',
      overflowWrap: 'break-word',
      textTransform: 'none',
      textAlign: 'left',
      fontWeight: theme.typography.fontWeightBold as number,
    },
    revision: {
      fontFamily: 'monospace',
      // A branch or tag can be long: cut short, whole in the title.
      display: 'inline-block',
      maxWidth: '16ch',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      verticalAlign: 'bottom',
    },
    note: {
      display: 'block',
      marginTop: theme.spacing(0.5),
      color: theme.palette.text.secondary,
    },
    details: { padding: theme.spacing(1, 2, 3) },
    // Contributes no width of its own (0) to the columns, so expanding a row leaves them be,
    // and fills the row (100%); what does not fit scrolls.
    detailsContent: { width: 0, minWidth: '100%', overflowX: 'auto' },
  }),
  { name: 'TektonDagGitOpsApplicationsSummary' },
);

const keyOf = (app: GitOpsApplication) => `${app.namespace ?? ''}/${app.name}`;

/**
 * The Applications with the sync wave another of them (an app of apps) installs them in: those
 * no listed Application installs first (the app of apps, or a standalone one), then the rest in
 * the order Argo CD applies their waves.
 */
function inWaveOrder(apps: GitOpsApplication[]) {
  return apps
    .map(app => ({ app, wave: applicationSyncWave(app, apps) }))
    .sort(
      (a, b) =>
        Number(a.wave !== undefined) - Number(b.wave !== undefined) ||
        (a.wave ?? 0) - (b.wave ?? 0),
    );
}

function OutOfSyncNote(props: { app: GitOpsApplication }) {
  const classes = useStyles();
  const count = outOfSyncCount(props.app);
  if (!count) return null;
  return (
    <Typography variant="caption" className={classes.note}>
      {count} {count === 1 ? 'resource' : 'resources'} out of sync
    </Typography>
  );
}

/**
 * Several Applications at a glance, one row each: sync, health, revision in sync and sync
 * wave. A row expands on demand to the Application's details (`renderDetails`), so that an
 * entity with many Applications (an app of apps) is not one very long page.
 */
export function ApplicationsSummaryTable(props: {
  applications: GitOpsApplication[];
  renderDetails(app: GitOpsApplication): ReactNode;
}) {
  const { applications, renderDetails } = props;
  const classes = useStyles();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setExpanded(keys => {
      const next = new Set(keys);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="Applications">
        <TableHead>
          <TableRow>
            <TableCell>Application</TableCell>
            <TableCell className={classes.short}>Sync</TableCell>
            <TableCell className={classes.short}>Health</TableCell>
            <TableCell className={classes.short}>Revision</TableCell>
            <TableCell className={classes.short} align="right">
              Sync wave
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {inWaveOrder(applications).map(({ app, wave }) => {
            const key = keyOf(app);
            const open = expanded.has(key);
            const detailsId = `tekton-dag-gitops-details-${key.replace(
              /[^\w-]/g,
              '_',
            )}`;
            const revision = app.sync.revision;
            return (
              <Fragment key={key}>
                <TableRow>
                  <TableCell component="th" scope="row">
                    {/* The name is the visible label: the accessible name includes it. */}
                    <Button
                      size="small"
                      className={classes.toggle}
                      startIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
                      aria-expanded={open}
                      aria-controls={open ? detailsId : undefined}
                      aria-label={`${open ? 'Hide' : 'Show'} details of ${
                        app.name
                      }`}
                      onClick={() => toggle(key)}
                    >
                      {app.name}
                    </Button>
                  </TableCell>
                  <TableCell className={classes.short}>
                    <SyncStatusBadge status={app.sync.status} />
                    <OutOfSyncNote app={app} />
                  </TableCell>
                  <TableCell className={classes.short}>
                    <HealthBadge
                      status={app.health.status}
                      message={app.health.message}
                    />
                  </TableCell>
                  <TableCell className={classes.short}>
                    {revision ? (
                      <span className={classes.revision} title={revision}>
                        {shortRevision(revision)}
                      </span>
                    ) : (
                      'Not synced yet'
                    )}
                  </TableCell>
                  <TableCell className={classes.short} align="right">
                    {wave ?? (
                      <span title="No other Application here installs it">
                        —
                      </span>
                    )}
                  </TableCell>
                </TableRow>
                {open && (
                  <TableRow>
                    <TableCell
                      id={detailsId}
                      colSpan={COLUMNS}
                      className={classes.details}
                    >
                      <div className={classes.detailsContent}>
                        {renderDetails(app)}
                      </div>
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
