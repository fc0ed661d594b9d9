import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  Chip,
  makeStyles,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import type { Page, Run } from '@tekton-dag/plugin-tekton-dag-common';
import { RunFilter, tektonDagApiRef } from '../../api';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { elapsedMs, formatElapsed, RunStatusLabel } from '../RunStatus';
import { RunTriggerLabel } from './RunTriggerLabel';

const useStyles = makeStyles(theme => ({
  mono: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
  },
  grow: { flex: 1 },
  pager: {
    display: 'flex',
    justifyContent: 'flex-end',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
  },
}));

export interface RunsTableProps {
  filter: RunFilter;
  /** Where a run's row links to: its run page. */
  runLink: (run: Run) => string;
  /** Signal channel whose messages mean "this list changed". */
  liveChannel?: string;
  showEntity?: boolean;
  title?: string;
  pageSize?: number;
  /** Changes when something outside changed the list (e.g. a run was just started). */
  refreshKey?: unknown;
}

/**
 * Runs, newest first, paged on the server with its cursor (so thousands of runs cost one page
 * each), refreshed when the backend signals a change rather than by polling.
 */
export function RunsTable(props: RunsTableProps) {
  const { filter, runLink, liveChannel, showEntity, title, refreshKey } = props;
  const pageSize = props.pageSize ?? 20;
  const api = useApi(tektonDagApiRef);
  const classes = useStyles();
  // cursors[i] opens page i; page 0 has none.
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const [page, setPage] = useState<Page<Run>>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const filterKey = JSON.stringify(filter);
  const request = useRef(0);

  const cursor = cursors[cursors.length - 1];
  const load = useCallback(async () => {
    const id = ++request.current;
    try {
      const result = await api.listRuns(JSON.parse(filterKey), {
        limit: pageSize,
        cursor,
      });
      if (id !== request.current) return; // a newer request wins
      setPage(result);
      setError(undefined);
    } catch (e) {
      if (id === request.current) setError(e as Error);
    } finally {
      if (id === request.current) setLoading(false);
    }
  }, [api, filterKey, pageSize, cursor]);

  // Back to the first page when the filter changes.
  useEffect(() => setCursors([undefined]), [filterKey]);
  useEffect(() => {
    setLoading(true);
    void load();
  }, [load, refreshKey]);

  // Bursts of signals (every task of a run changing) become one reload.
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const { live } = useLiveUpdates(liveChannel, () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), 250);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const pageNumber = cursors.length;
  return (
    <Paper>
      <Box className={classes.header}>
        {title && <Typography variant="h6">{title}</Typography>}
        <span className={classes.grow} />
        {liveChannel &&
          (live ? (
            <Tooltip title="This list updates by itself as runs change">
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
                Live updates are unavailable (the signals plugin is not
                installed)
              </Typography>
              <Button size="small" onClick={() => void load()}>
                Refresh
              </Button>
            </>
          ))}
      </Box>
      {loading && !page && <Progress />}
      {error &&
        ((error as any).response?.status === 403 ||
        error.name === 'NotAllowedError' ? (
          <Box p={2}>
            <Typography role="alert">
              You may not see pipeline runs: the permission policy denies
              tekton-dag.run.read. Ask the portal's administrators for access.
            </Typography>
          </Box>
        ) : (
          <ResponseErrorPanel error={error} />
        ))}
      {page && (
        <TableContainer>
          <Table size="small" aria-label={title ?? 'Runs'}>
            <TableHead>
              <TableRow>
                <TableCell>Status</TableCell>
                <TableCell>Run</TableCell>
                {showEntity && <TableCell>Entity</TableCell>}
                <TableCell>Trigger</TableCell>
                <TableCell>Revision</TableCell>
                <TableCell>Started</TableCell>
                <TableCell className={classes.nowrap}>Duration</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {page.items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={showEntity ? 7 : 6}>
                    <Typography color="textSecondary">
                      {pageNumber > 1
                        ? 'No more runs.'
                        : 'No runs match. Start one with "Run pipeline", or change the filters.'}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
              {page.items.map(run => (
                <TableRow key={run.id} hover>
                  <TableCell className={classes.nowrap}>
                    <RunStatusLabel status={run.status} reason={run.reason} />
                  </TableCell>
                  <TableCell>
                    <Link to={runLink(run)}>{run.name}</Link>
                    <Typography variant="caption" display="block">
                      {run.pipeline}
                      {run.pruned && ' · pruned from the cluster'}
                    </Typography>
                  </TableCell>
                  {showEntity && (
                    <TableCell>
                      {run.entityRef ? (
                        <EntityRefLink entityRef={run.entityRef} />
                      ) : (
                        '—'
                      )}
                    </TableCell>
                  )}
                  <TableCell>
                    <RunTriggerLabel run={run} />
                  </TableCell>
                  <TableCell className={classes.mono}>
                    <span title={run.revision}>
                      {run.revision ? run.revision.slice(0, 7) : '—'}
                    </span>
                  </TableCell>
                  <TableCell>
                    <span title={run.startedAt ?? run.createdAt}>
                      {new Date(
                        run.startedAt ?? run.createdAt,
                      ).toLocaleString()}
                    </span>
                  </TableCell>
                  <TableCell className={classes.nowrap}>
                    {formatElapsed(
                      elapsedMs(run.startedAt, run.completedAt, Date.now()),
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <Box className={classes.pager}>
        <Typography variant="caption">Page {pageNumber}</Typography>
        <Button
          size="small"
          disabled={pageNumber === 1}
          onClick={() => setCursors(c => c.slice(0, -1))}
        >
          Newer
        </Button>
        <Button
          size="small"
          disabled={!page?.nextCursor}
          onClick={() => setCursors(c => [...c, page?.nextCursor])}
        >
          Older
        </Button>
      </Box>
    </Paper>
  );
}
