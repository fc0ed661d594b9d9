import { useMemo, useState } from 'react';
import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { tektonDagAllRunsChannel } from '@tekton-dag/plugin-tekton-dag-common';
import { tektonDagApiRef } from '../../api';
import { RunLink, RunRoutes } from '../RunPage';
import {
  RunFilters,
  RunFiltersValue,
  RunsTable,
  sinceToFrom,
} from '../RunsTable';

/** Every run of every entity, filtered and searched on the server. */
function AllRuns(props: { runLink: RunLink }) {
  const api = useApi(tektonDagApiRef);
  const clusters = useAsync(() => api.getClusters(), [api]);
  const [filters, setFilters] = useState<RunFiltersValue>({});
  // Time ranges are relative to when they were picked, so the list stays put while paging.
  const from = useMemo(() => sinceToFrom(filters.since), [filters.since]);
  return (
    <>
      <RunFilters
        value={filters}
        onChange={setFilters}
        fields={[
          'q',
          'entityRef',
          'owner',
          'pipeline',
          'status',
          'trigger',
          'cluster',
          'since',
        ]}
        clusters={clusters.value?.items.map(c => c.name) ?? []}
      />
      <RunsTable
        title="All runs"
        showEntity
        filter={{
          entityRef: filters.entityRef,
          owner: filters.owner,
          pipeline: filters.pipeline,
          status: filters.status,
          trigger: filters.trigger,
          cluster: filters.cluster,
          q: filters.q,
          from,
        }}
        runLink={props.runLink}
        liveChannel={tektonDagAllRunsChannel}
      />
    </>
  );
}

/** The portal-wide pipelines page: all runs across entities, and each run's page. */
export function TektonDagPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Pipelines"
        subtitle="Tekton runs of every entity, kept after the cluster prunes them"
      />
      <Content>
        <RunRoutes list={runLink => <AllRuns runLink={runLink} />} />
      </Content>
    </Page>
  );
}
