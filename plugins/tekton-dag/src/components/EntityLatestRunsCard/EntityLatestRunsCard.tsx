import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { tektonDagEntityChannel } from '@tekton-dag/plugin-tekton-dag-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { tektonDagApiRef } from '../../api';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { elapsedMs, formatDuration, RunStatusLabel } from '../RunStatus';

/**
 * The entity overview card: the latest run of each of the entity's pipelines, live. Links go
 * to the Pipelines tab (`pipelinesPath`, relative to the entity page).
 */
export function EntityLatestRunsCard(props: { pipelinesPath?: string }) {
  const pipelinesPath = props.pipelinesPath ?? 'pipelines';
  const { entity } = useEntity();
  const api = useApi(tektonDagApiRef);
  const entityRef = stringifyEntityRef(entity);
  const pipelines = useAsyncRetry(
    () => api.getEntityPipelines(getCompoundEntityRef(entity)),
    [api, entityRef],
  );
  useLiveUpdates(tektonDagEntityChannel(entityRef), pipelines.retry);
  const { namespace, kind, name } = getCompoundEntityRef(entity);
  const tab = `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/${pipelinesPath}`;

  return (
    <InfoCard
      title="Latest pipeline runs"
      deepLink={{ title: 'All runs', link: tab }}
    >
      {pipelines.loading && !pipelines.value && <Progress />}
      {pipelines.error && <ResponseErrorPanel error={pipelines.error} />}
      {pipelines.value?.items.length === 0 && (
        <Typography color="textSecondary">
          This entity names no pipelines.
        </Typography>
      )}
      <List dense>
        {pipelines.value?.items.map(pipeline => {
          const run = pipeline.latestRun;
          return (
            <ListItem key={pipeline.name} disableGutters>
              <ListItemText
                primary={pipeline.name}
                secondary={
                  run ? (
                    <>
                      <RunStatusLabel status={run.status} />{' '}
                      <Link to={`${tab}/runs/${encodeURIComponent(run.id)}`}>
                        {run.name}
                      </Link>{' '}
                      {formatDuration(
                        elapsedMs(run.startedAt, run.completedAt, Date.now()),
                      )}
                    </>
                  ) : (
                    'No runs yet'
                  )
                }
                secondaryTypographyProps={{ component: 'div' }}
              />
            </ListItem>
          );
        })}
      </List>
    </InfoCard>
  );
}
