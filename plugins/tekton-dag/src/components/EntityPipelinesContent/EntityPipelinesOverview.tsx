import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Link,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Button,
  Card,
  CardActions,
  CardContent,
  Grid,
  Tooltip,
  Typography,
} from '@material-ui/core';
import {
  EntityPipeline,
  getEntityClusterName,
  Run,
  tektonDagEntityChannel,
  tektonDagRunCreatePermission,
} from '@tekton-dag/plugin-tekton-dag-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { tektonDagApiRef } from '../../api';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { RunPipelineDialog } from '../RunPipelineDialog';
import { RunFilters, RunFiltersValue, RunsTable } from '../RunsTable';
import { RunStatusLabel } from '../RunStatus';

function PipelineCard(props: {
  pipeline: EntityPipeline;
  runLink: (run: Run) => string;
  canRun: { allowed: boolean; loading: boolean };
  onRun(): void;
}) {
  const { pipeline, runLink, canRun, onRun } = props;
  const button = (
    <Button
      color="primary"
      variant="contained"
      disabled={!canRun.allowed || canRun.loading}
      onClick={onRun}
      aria-label={`Run pipeline ${pipeline.name}`}
    >
      Run pipeline
    </Button>
  );
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h3">
          {pipeline.name}
        </Typography>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {pipeline.cluster}/{pipeline.namespace} · {pipeline.tasks.length}{' '}
          tasks
        </Typography>
        {pipeline.description && (
          <Typography variant="body2" gutterBottom>
            {pipeline.description}
          </Typography>
        )}
        {pipeline.latestRun ? (
          <Typography variant="body2" component="div">
            Latest: <RunStatusLabel status={pipeline.latestRun.status} />{' '}
            <Link to={runLink(pipeline.latestRun)}>
              {pipeline.latestRun.name}
            </Link>
          </Typography>
        ) : (
          <Typography variant="body2" color="textSecondary">
            No runs yet.
          </Typography>
        )}
      </CardContent>
      <CardActions>
        {canRun.allowed || canRun.loading ? (
          button
        ) : (
          <Tooltip title="You may not start runs of this entity (tekton-dag.run.create)">
            <span>{button}</span>
          </Tooltip>
        )}
      </CardActions>
    </Card>
  );
}

/** The tab's front page: one card per pipeline (latest status, Run button), then the runs. */
export function EntityPipelinesOverview(props: {
  runLink: (run: Run) => string;
}) {
  const { runLink } = props;
  const { entity } = useEntity();
  const api = useApi(tektonDagApiRef);
  const navigate = useNavigate();
  const entityRef = stringifyEntityRef(entity);
  const canRun = usePermission({
    permission: tektonDagRunCreatePermission,
    resourceRef: entityRef,
  });
  const pipelines = useAsyncRetry(
    () => api.getEntityPipelines(getCompoundEntityRef(entity)),
    [api, entityRef],
  );
  const clusters = useAsyncRetry(() => api.getClusters(), [api]);
  useLiveUpdates(tektonDagEntityChannel(entityRef), pipelines.retry);
  const [filters, setFilters] = useState<RunFiltersValue>({});
  const [running, setRunning] = useState<EntityPipeline>();

  const wanted = getEntityClusterName(entity);
  const configured = clusters.value?.items ?? [];
  const cluster = configured.find(
    c => c.name === (wanted ?? configured[0]?.name),
  );

  return (
    <Grid container spacing={3} direction="column">
      {clusters.value && !cluster && (
        <Grid item>
          <WarningPanel
            title={
              wanted
                ? `Cluster "${wanted}" is not configured`
                : 'No cluster is configured'
            }
            message="Add it under tektonDag.clusters in app-config.yaml so that the portal can run and track these pipelines."
          />
        </Grid>
      )}
      {cluster && cluster.reachable === false && (
        <Grid item>
          <WarningPanel
            title={`Cluster "${cluster.name}" is unreachable`}
            message="The history below is from the portal's database; new runs cannot start and live updates pause until the cluster answers again."
          />
        </Grid>
      )}
      <Grid item>
        {pipelines.loading && !pipelines.value && <Progress />}
        {pipelines.error && <ResponseErrorPanel error={pipelines.error} />}
        <Grid container spacing={2}>
          {pipelines.value?.items.map(pipeline => (
            <Grid item xs={12} md={6} lg={4} key={pipeline.name}>
              <PipelineCard
                pipeline={pipeline}
                runLink={runLink}
                canRun={canRun}
                onRun={() => setRunning(pipeline)}
              />
            </Grid>
          ))}
        </Grid>
      </Grid>
      <Grid item>
        <RunFilters
          value={filters}
          onChange={setFilters}
          fields={['q', 'pipeline', 'status', 'trigger']}
          pipelines={pipelines.value?.items.map(p => p.name) ?? []}
        />
        <RunsTable
          title="Runs"
          filter={{
            entityRef,
            pipeline: filters.pipeline,
            status: filters.status,
            trigger: filters.trigger,
            q: filters.q,
          }}
          runLink={runLink}
          liveChannel={tektonDagEntityChannel(entityRef)}
        />
      </Grid>
      {running && (
        <RunPipelineDialog
          open
          pipeline={running.name}
          params={running.params}
          onClose={() => setRunning(undefined)}
          onSubmit={params =>
            api.createRun(getCompoundEntityRef(entity), {
              pipeline: running.name,
              params,
            })
          }
          onStarted={run => navigate(runLink(run))}
        />
      )}
    </Grid>
  );
}
