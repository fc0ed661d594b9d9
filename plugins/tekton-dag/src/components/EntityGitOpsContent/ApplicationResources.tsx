import { Fragment, type ReactNode } from 'react';
import {
  Box,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { GitOpsResource } from '@tekton-dag/plugin-tekton-dag-common';
import { StatusText } from '../GitOps';

const useStyles = makeStyles(
  theme => ({
    wave: { marginBottom: theme.spacing(2) },
    waveTitle: { fontWeight: theme.typography.fontWeightBold as number },
    outOfSync: {
      backgroundColor:
        theme.palette.type === 'dark'
          ? 'rgba(255, 152, 0, 0.16)'
          : 'rgba(255, 152, 0, 0.12)',
      '& > td:first-child': {
        boxShadow: `inset 4px 0 0 ${theme.palette.warning.main}`,
      },
    },
    // A table wider than its column scrolls sideways rather than squeezing words.
    scroll: { overflowX: 'auto' },
    // Backstage's theme lets table cells break words anywhere ("CustomResourceDe finition"):
    // kinds and statuses stay whole; names, in an element of their own (whose style does not
    // compete with the cell's), break between their parts.
    nowrap: { whiteSpace: 'nowrap' },
    name: {
      fontFamily: 'monospace',
      wordBreak: 'normal',
      overflowWrap: 'break-word',
    },
    caption: {
      display: 'block',
      color: theme.palette.text.secondary,
      whiteSpace: 'normal',
      wordBreak: 'normal',
      overflowWrap: 'break-word',
    },
  }),
  { name: 'TektonDagGitOpsResources' },
);

/** Resources grouped by `argocd.argoproj.io/sync-wave`, lowest wave (applied first) first. */
export function groupByWave(
  resources: GitOpsResource[],
): Array<[number, GitOpsResource[]]> {
  const waves = new Map<number, GitOpsResource[]>();
  for (const resource of resources) {
    const wave = Number.isFinite(resource.syncWave) ? resource.syncWave : 0;
    waves.set(wave, [...(waves.get(wave) ?? []), resource]);
  }
  return [...waves].sort(([a], [b]) => a - b);
}

/**
 * A resource's name with a chance to break after each `/` and `.`: a long name wraps between
 * its parts ("pipelines.tekton.dev") instead of inside them.
 */
function BreakableName(props: { children: string }) {
  const parts = props.children.match(/[^/.]*[/.]?/g)!.filter(Boolean);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/** A line in small print under a cell's value: a resource's group, or what its status means. */
function ResourceNote(props: { children: ReactNode }) {
  const classes = useStyles();
  return (
    <Typography variant="caption" className={classes.caption}>
      {props.children}
    </Typography>
  );
}

/**
 * What the Application manages, one group per sync wave in the order Argo CD applies them;
 * resources that differ from git are highlighted (and say so in words).
 */
export function ApplicationResources(props: {
  application: string;
  resources: GitOpsResource[];
}) {
  const { application, resources } = props;
  const classes = useStyles();
  if (!resources.length) {
    return (
      <Typography color="textSecondary">
        Argo CD lists no resources for {application}.
      </Typography>
    );
  }
  return (
    <>
      {groupByWave(resources).map(([wave, items]) => (
        <Box
          key={wave}
          role="group"
          aria-label={`Sync wave ${wave}`}
          className={classes.wave}
        >
          <Typography variant="body2" className={classes.waveTitle}>
            Wave {wave} · {items.length}{' '}
            {items.length === 1 ? 'resource' : 'resources'}
          </Typography>
          <Box className={classes.scroll}>
            <Table size="small" aria-label={`Resources of sync wave ${wave}`}>
              <TableHead>
                <TableRow>
                  <TableCell className={classes.nowrap}>Kind</TableCell>
                  <TableCell className={classes.nowrap}>
                    Namespace / name
                  </TableCell>
                  <TableCell className={classes.nowrap}>Sync</TableCell>
                  <TableCell className={classes.nowrap}>Health</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map(resource => {
                  const outOfSync = resource.status === 'OutOfSync';
                  const key = [
                    resource.group,
                    resource.kind,
                    resource.namespace,
                    resource.name,
                  ].join('/');
                  return (
                    <TableRow
                      key={key}
                      className={outOfSync ? classes.outOfSync : undefined}
                      data-out-of-sync={outOfSync || undefined}
                    >
                      <TableCell className={classes.nowrap}>
                        {resource.kind}
                        {resource.group && (
                          <ResourceNote>{resource.group}</ResourceNote>
                        )}
                      </TableCell>
                      <TableCell>
                        <span className={classes.name}>
                          <BreakableName>
                            {resource.namespace
                              ? `${resource.namespace}/${resource.name}`
                              : resource.name}
                          </BreakableName>
                        </span>
                      </TableCell>
                      <TableCell className={classes.nowrap}>
                        {resource.status ? (
                          <StatusText kind="sync" status={resource.status} />
                        ) : (
                          '—'
                        )}
                        {resource.requiresPruning && (
                          <ResourceNote>requires pruning</ResourceNote>
                        )}
                      </TableCell>
                      <TableCell className={classes.nowrap}>
                        {resource.health ? (
                          <StatusText
                            kind="health"
                            status={resource.health}
                            title={resource.healthMessage}
                          />
                        ) : (
                          '—'
                        )}
                        {resource.healthMessage &&
                          resource.health !== 'Healthy' && (
                            <ResourceNote>
                              {resource.healthMessage}
                            </ResourceNote>
                          )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Box>
        </Box>
      ))}
    </>
  );
}
