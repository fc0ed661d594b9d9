import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  CodeSnippet,
  Link,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Box,
  Chip,
  Grid,
  makeStyles,
  Paper,
  Tab,
  Tabs,
  Typography,
} from '@material-ui/core';
import {
  Run,
  RunDetails,
  tektonDagRunChannel,
  type ReportsChangedSignal,
} from '@tekton-dag/plugin-tekton-dag-common';
import { tektonDagApiRef } from '../../api';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { useNow } from '../../hooks/useNow';
import { PipelineDag } from '../PipelineDag';
import { RunTimeline } from '../RunTimeline';
import { elapsedMs, formatElapsed, RunStatusLabel } from '../RunStatus';
import { formatTrigger } from '../RunsTable/formatTrigger';
import { RunTests, useRunReports } from '../RunTests';
import { TaskPanel } from '../TaskPanel';
import { PullRequestPanel } from './PullRequestPanel';
import { RunActions } from './RunActions';
import { DeclaredPipeline } from './rerunAvailability';
import { runAsYaml } from './runAsYaml';

const useStyles = makeStyles(theme => ({
  header: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
  title: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    flexWrap: 'wrap',
  },
  meta: { color: theme.palette.text.secondary, marginTop: theme.spacing(1) },
  mono: { fontFamily: 'monospace' },
  panel: { padding: theme.spacing(2) },
}));

type View = 'graph' | 'timeline' | 'details' | 'tests';

/** The Tests view of one task of this run, relative to the run page. */
const testsLink = (task: string) =>
  `?${new URLSearchParams({ view: 'tests', task })}`;

/**
 * One run: its DAG with live statuses, a timeline, the selected task's steps and logs, its
 * params, results and YAML, its test reports, and the actions on it. Deep-linkable: `?task=`
 * selects a task and `?view=` a tab.
 */
export function RunPage(props: {
  runId: string;
  /** Where another run's page is (after a rerun). */
  runLink: (run: Pick<Run, 'id'>) => string;
}) {
  const { runId, runLink } = props;
  const api = useApi(tektonDagApiRef);
  const classes = useStyles();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [run, setRun] = useState<RunDetails>();
  const [error, setError] = useState<Error>();
  const [pipeline, setPipeline] = useState<DeclaredPipeline>();

  const load = useCallback(async () => {
    try {
      setRun(await api.getRun(runId));
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    }
  }, [api, runId]);
  useEffect(() => {
    setRun(undefined);
    void load();
  }, [load]);

  const timer = useRef<ReturnType<typeof setTimeout>>();
  // Bumped when a report is stored (uploads come from publish-results, mid-run or after).
  const [reportsStored, setReportsStored] = useState(0);
  const { live } = useLiveUpdates(tektonDagRunChannel(runId), message => {
    if ((message as ReportsChangedSignal | undefined)?.type === 'reports')
      setReportsStored(n => n + 1);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), 150);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  // The Pipeline's param specs, for "Rerun with changes".
  const entityRef = run?.entityRef;
  const pipelineName = run?.pipeline;
  useEffect(() => {
    if (!entityRef || !pipelineName) return undefined;
    let current = true; // an earlier run's answer arriving late is dropped
    setPipeline(undefined);
    api
      .getEntityPipelines(parseEntityRef(entityRef))
      .then(r => {
        if (current)
          setPipeline(r.items.find(p => p.name === pipelineName) ?? null);
      })
      .catch(failure => {
        if (current) setPipeline(failure as Error);
      });
    return () => {
      current = false;
    };
  }, [api, entityRef, pipelineName]);

  // Reports arrive as tasks finish (publish-results uploads, junit-summary results): reload
  // them then, not on every step's signal. Fetched once here for the Tests tab and the panel.
  const reportsKey = run
    ? `${run.status}/${
        run.taskRuns.filter(t => t.completedAt).length
      }/${reportsStored}`
    : undefined;
  const reports = useRunReports(runId, reportsKey);

  const active = run?.status === 'Running' || run?.status === 'Pending';
  // Ticks every second while the run is active, so durations count up.
  const nowMs = useNow(undefined, active);
  const now = useMemo(() => new Date(nowMs), [nowMs]);
  const view = (search.get('view') as View) ?? 'graph';
  const selectedTask = search.get('task') ?? undefined;
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next, { replace: true });
  };
  const selectTask = (task: string) =>
    update({ task: task === selectedTask ? undefined : task });

  const taskRun = useMemo(
    () => run?.taskRuns.find(t => t.pipelineTask === selectedTask),
    [run, selectedTask],
  );

  // Below the graph (all but very wide screens) a picked task's panel can open under the
  // fold, where the click would seem to do nothing: bring it into view.
  const taskPanel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selectedTask) {
      taskPanel.current?.scrollIntoView?.({
        block: 'nearest',
        behavior: 'smooth',
      });
    }
  }, [selectedTask]);

  // Tasks with failed or errored tests get a badge on the graph that opens them.
  const failingTests = useMemo(() => {
    const counts = new Map<string, number>();
    for (const report of reports.items ?? []) {
      const failing = report.totals.failed + report.totals.errored;
      if (failing > 0) counts.set(report.pipelineTask, failing);
    }
    return {
      counts,
      href: testsLink,
      onOpen: (task: string) =>
        setSearch(new URLSearchParams({ view: 'tests', task })),
    };
  }, [reports.items, setSearch]);

  if (error) return <ResponseErrorPanel error={error} />;
  if (!run) return <Progress />;

  const skipped = run.skippedTasks?.find(s => s.name === selectedTask);
  return (
    <>
      <Paper className={classes.header}>
        <Box className={classes.title}>
          <Typography variant="h5" component="h2">
            {run.name}
          </Typography>
          <span role="status" aria-label={`Run status: ${run.status}`}>
            <RunStatusLabel status={run.status} reason={run.reason} />
          </span>
          {/* Live only while the run can still change: a finished run says when it finished. */}
          {live && active && <Chip size="small" color="primary" label="Live" />}
          {run.pruned && <Chip size="small" label="Pruned from the cluster" />}
          <Box flex={1} />
          <RunActions
            run={run}
            pipeline={pipeline}
            onStarted={started => navigate(runLink(started))}
            onChanged={() => void load()}
          />
        </Box>
        <Typography variant="body2" className={classes.meta}>
          {run.pipeline}
          {run.entityRef && <> · {run.entityRef}</>} ·{' '}
          {formatTrigger(run.trigger)}
          {run.revision && (
            <>
              {' '}
              ·{' '}
              <span className={classes.mono}>{run.revision.slice(0, 12)}</span>
            </>
          )}{' '}
          · started {new Date(run.startedAt ?? run.createdAt).toLocaleString()}
          {run.startedAt && (
            <>
              {' '}
              ·{' '}
              {formatElapsed(elapsedMs(run.startedAt, run.completedAt, nowMs))}
            </>
          )}{' '}
          {run.completedAt && (
            <> · finished {new Date(run.completedAt).toLocaleString()}</>
          )}{' '}
          · {run.cluster}/{run.namespace}
        </Typography>
        {run.message && run.status !== 'Succeeded' && (
          // Tekton reports progress here too ("Tasks Completed: 3 ... Incomplete: 4"): red
          // only for a run that failed.
          <Typography
            variant="body2"
            color={
              run.status === 'Failed' || run.status === 'TimedOut'
                ? 'error'
                : 'textSecondary'
            }
          >
            {run.message}
          </Typography>
        )}
      </Paper>

      <PullRequestPanel run={run} />

      <Tabs
        value={view}
        onChange={(_e, value) =>
          update({ view: value === 'graph' ? undefined : value })
        }
        indicatorColor="primary"
        aria-label="Run views"
      >
        <Tab value="graph" label="Graph" />
        <Tab value="timeline" label="Timeline" />
        <Tab value="details" label="Details" />
        <Tab value="tests" label="Tests" />
      </Tabs>

      {view === 'tests' && (
        <RunTests
          run={run}
          reports={reports}
          selectedTask={selectedTask}
          onSelectTask={task => update({ task })}
        />
      )}

      {(view === 'graph' || view === 'timeline') && (
        <Grid container spacing={2}>
          {/* The task panel goes beside the graph only on very wide screens: below that, side
              by side would shrink the graph until its task names could not be read. */}
          <Grid item xs={12} xl={selectedTask ? 7 : 12}>
            <Paper className={classes.panel}>
              {view === 'graph' ? (
                <PipelineDag
                  dag={run.dag}
                  taskRuns={run.taskRuns}
                  skippedTasks={run.skippedTasks}
                  selectedTask={selectedTask}
                  onSelectTask={selectTask}
                  now={now}
                  failingTests={failingTests}
                />
              ) : (
                <RunTimeline
                  run={run}
                  now={now}
                  selectedTask={selectedTask}
                  onSelectTask={selectTask}
                />
              )}
            </Paper>
          </Grid>
          {selectedTask && (
            <Grid item xs={12} xl={5}>
              <Paper className={classes.panel} ref={taskPanel}>
                <TaskPanel
                  runId={run.id}
                  taskRun={taskRun}
                  pipelineTask={selectedTask}
                  skippedReason={
                    skipped ? skipped.reason ?? 'Skipped' : undefined
                  }
                  testReport={reports.items?.find(
                    r => r.pipelineTask === selectedTask,
                  )}
                  testsLink={testsLink(selectedTask)}
                  onClose={() => update({ task: undefined })}
                />
              </Paper>
            </Grid>
          )}
        </Grid>
      )}

      {view === 'details' && (
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <Paper className={classes.panel}>
              <Typography variant="h6">Params</Typography>
              <StructuredMetadataTable metadata={run.params} />
              <Typography variant="h6">Results</Typography>
              {Object.keys(run.results).length ? (
                <StructuredMetadataTable metadata={run.results} />
              ) : (
                <Typography color="textSecondary">No results (yet).</Typography>
              )}
              <Typography variant="h6">Run</Typography>
              <StructuredMetadataTable
                metadata={{
                  trigger: formatTrigger(run.trigger),
                  revision: run.revision ?? '—',
                  cluster: run.cluster,
                  namespace: run.namespace,
                  created: run.createdAt,
                  started: run.startedAt ?? '—',
                  completed: run.completedAt ?? '—',
                  entity: run.entityRef ?? '—',
                }}
              />
              {run.entityRef && (
                <Link
                  to={`/catalog/${parseEntityRef(run.entityRef).namespace}/${
                    parseEntityRef(run.entityRef).kind
                  }/${parseEntityRef(run.entityRef).name}`}
                >
                  Open {run.entityRef}
                </Link>
              )}
            </Paper>
          </Grid>
          <Grid item xs={12} md={6}>
            <Paper className={classes.panel}>
              <Typography variant="h6">
                YAML (as recorded by tekton-dag)
              </Typography>
              <CodeSnippet
                text={runAsYaml(run)}
                language="yaml"
                showCopyCodeButton
              />
            </Paper>
          </Grid>
        </Grid>
      )}
    </>
  );
}
