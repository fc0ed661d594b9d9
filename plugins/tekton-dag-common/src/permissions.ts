import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Every permission of tekton-dag. Creating and cancelling runs are resource permissions on
 * catalog entities, so a policy can say "only the owners of an entity may run its pipelines".
 */

/** See runs, their task runs, DAG and status. */
export const tektonDagRunReadPermission = createPermission({
  name: 'tekton-dag.run.read',
  attributes: { action: 'read' },
});

/** Start a PipelineRun (also rerun) for an entity. */
export const tektonDagRunCreatePermission = createPermission({
  name: 'tekton-dag.run.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/** Cancel a running PipelineRun of an entity. */
export const tektonDagRunCancelPermission = createPermission({
  name: 'tekton-dag.run.cancel',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** Read step logs, live or archived. */
export const tektonDagLogsReadPermission = createPermission({
  name: 'tekton-dag.logs.read',
  attributes: { action: 'read' },
});

/** Ask Argo CD to sync or refresh an entity's Applications. */
export const tektonDagGitOpsSyncPermission = createPermission({
  name: 'tekton-dag.gitops.sync',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/** All tekton-dag permissions, for registering with the permission framework. */
export const tektonDagPermissions = [
  tektonDagRunReadPermission,
  tektonDagRunCreatePermission,
  tektonDagRunCancelPermission,
  tektonDagLogsReadPermission,
  tektonDagGitOpsSyncPermission,
];
