import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_PIPELINES,
  getEntityPipelineNames,
} from '@tekton-dag/plugin-tekton-dag-common';
import { RunRoutes } from '../RunPage';
import { EntityPipelinesOverview } from './EntityPipelinesOverview';

/**
 * The entity's "Pipelines" tab: its pipelines, their runs, and each run's own page under
 * `runs/:runId` (deep-linkable).
 */
export function EntityPipelinesContent() {
  const { entity } = useEntity();

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
    <RunRoutes
      list={runLink => <EntityPipelinesOverview runLink={runLink} />}
    />
  );
}
