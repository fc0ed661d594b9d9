import { useMemo } from 'react';
import { Route, Routes, useParams, useResolvedPath } from 'react-router-dom';
import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_PIPELINES,
  getEntityPipelineNames,
} from '@tekton-dag/plugin-tekton-dag-common';
import { RunPage } from '../RunPage';
import { EntityPipelinesOverview } from './EntityPipelinesOverview';

function EntityRunRoute(props: { runLink: (run: { id: string }) => string }) {
  const { runId } = useParams();
  return <RunPage runId={runId!} runLink={props.runLink} />;
}

/**
 * The entity's "Pipelines" tab: its pipelines, their runs, and each run's own page under
 * `runs/:runId` (deep-linkable).
 */
export function EntityPipelinesContent() {
  const { entity } = useEntity();
  // The tab's own path, whatever the app mounts it at.
  const base = useResolvedPath('.').pathname.replace(/\/$/, '');
  const runLink = useMemo(
    () => (run: { id: string }) => `${base}/runs/${encodeURIComponent(run.id)}`,
    [base],
  );

  if (getEntityPipelineNames(entity).length === 0) {
    return (
      <EmptyState
        missing="field"
        title="No pipelines for this entity"
        description={`Add the ${ANNOTATION_PIPELINES} annotation with a comma-separated list of Tekton Pipeline names to catalog-info.yaml.`}
      />
    );
  }
  return (
    <Routes>
      <Route path="/" element={<EntityPipelinesOverview runLink={runLink} />} />
      <Route
        path="runs/:runId"
        element={<EntityRunRoute runLink={runLink} />}
      />
    </Routes>
  );
}
