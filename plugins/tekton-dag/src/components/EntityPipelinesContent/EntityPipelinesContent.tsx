import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_PIPELINES,
  getEntityClusterName,
  getEntityPipelineNames,
  getEntityPipelineNamespace,
} from '@tekton-dag/plugin-tekton-dag-common';
import useAsync from 'react-use/esm/useAsync';
import { tektonDagApiRef } from '../../api';

interface PipelineRow {
  name: string;
  namespace: string;
  cluster: string;
}

const columns: TableColumn<PipelineRow>[] = [
  { title: 'Pipeline', field: 'name', highlight: true },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Latest run', render: () => 'No runs yet' },
];

/** The entity's "Pipelines" tab: the pipelines its annotations name, and their runs. */
export function EntityPipelinesContent() {
  const { entity } = useEntity();
  const api = useApi(tektonDagApiRef);
  const clusters = useAsync(() => api.getClusters(), [api]);

  const pipelines = getEntityPipelineNames(entity);
  if (pipelines.length === 0) {
    return (
      <EmptyState
        missing="field"
        title="No pipelines for this entity"
        description={`Add the ${ANNOTATION_PIPELINES} annotation with a comma-separated list of Tekton Pipeline names to catalog-info.yaml.`}
      />
    );
  }
  if (clusters.loading) return <Progress />;
  if (clusters.error) return <ResponseErrorPanel error={clusters.error} />;

  const configured = clusters.value?.items ?? [];
  const wanted = getEntityClusterName(entity);
  const cluster = wanted ?? configured[0]?.name;
  const namespace = getEntityPipelineNamespace(entity);
  const rows = pipelines.map(name => ({
    name,
    namespace,
    cluster: cluster ?? '—',
  }));

  return (
    <Grid container spacing={3} direction="column">
      {!cluster || !configured.some(c => c.name === cluster) ? (
        <Grid item>
          <WarningPanel
            title={
              cluster
                ? `Cluster "${cluster}" is not configured`
                : 'No cluster is configured'
            }
            message="Add it under tektonDag.clusters in app-config.yaml so that the portal can run and track these pipelines."
          />
        </Grid>
      ) : null}
      <Grid item>
        <Table<PipelineRow>
          title="Pipelines"
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={columns}
          data={rows}
        />
      </Grid>
      <Grid item>
        <InfoCard title="Runs">
          <Typography variant="body1">
            No runs exist yet for {pipelines.join(', ')}. Runs started from the
            portal, by Tekton Triggers or with kubectl will be listed here.
          </Typography>
        </InfoCard>
      </Grid>
    </Grid>
  );
}
