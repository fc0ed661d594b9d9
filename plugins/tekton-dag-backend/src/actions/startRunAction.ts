import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { tektonDagRunCreatePermission } from '@tekton-dag/plugin-tekton-dag-common';
import {
  runLink,
  runStatusValues,
  TektonDagActionsOptions,
  visibleEntity,
} from './helpers';
import { authorizeCaller, userOf } from '../permissions/authorizeCaller';

export const START_RUN_ACTION = 'start-tekton-dag-run';

/**
 * Starts one of an entity's pipelines, as the portal's Run button does
 * (tekton-dag.run.create on the entity).
 */
export function registerStartRunAction(
  actionsRegistry: ActionsRegistryService,
  options: TektonDagActionsOptions,
) {
  const { runs, catalog, permissions, appBaseUrl } = options;
  actionsRegistry.register({
    name: START_RUN_ACTION,
    title: 'Start a Tekton pipeline run for an entity',
    description: `
Starts a new Tekton PipelineRun of one of a catalog entity's pipelines (those named by its tekton-dag/pipelines annotation), on the entity's cluster and namespace, as the caller.
Params not given take the entity's tekton-dag/params values, then the Pipeline's defaults; unknown or invalid params are refused with the reason.
Each call starts another run: call it once per run you mean to start. Follow the run with get-tekton-dag-run using the runId returned.
`,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'The entity to run a pipeline of, e.g. "component:default/shop-api" or "shop-api"',
            ),
          pipeline: z
            .string()
            .min(1)
            .describe('The Tekton Pipeline to run, e.g. "pr-pipeline"'),
          params: z
            .record(
              z.union([z.string(), z.array(z.string()), z.record(z.string())]),
            )
            .optional()
            .describe(
              'Pipeline params by name, e.g. {"revision": "main"}; the others keep their defaults',
            ),
          cluster: z
            .string()
            .min(1)
            .optional()
            .describe("Another configured cluster than the entity's"),
        }),
      output: z =>
        z.object({
          runId: z.string().describe('For get-tekton-dag-run'),
          name: z.string().describe('The PipelineRun name'),
          entityRef: z.string(),
          pipeline: z.string(),
          cluster: z.string(),
          namespace: z.string(),
          status: z.enum(runStatusValues),
          link: z.string().optional().describe('The run page in the portal'),
        }),
    },
    action: async ({ input, credentials }) => {
      // The entity first, as the caller sees it: the permission is on the entity.
      const { entity, entityRef } = await visibleEntity(
        catalog,
        input.entityRef,
        credentials,
      );
      await authorizeCaller(
        permissions,
        credentials,
        tektonDagRunCreatePermission,
        entityRef,
      );
      const run = await runs.createRun(
        entity,
        entityRef,
        {
          pipeline: input.pipeline,
          params: input.params,
          cluster: input.cluster,
        },
        userOf(credentials),
      );
      return {
        output: {
          runId: run.id,
          name: run.name,
          entityRef,
          pipeline: run.pipeline,
          cluster: run.cluster,
          namespace: run.namespace,
          status: run.status,
          link: runLink(appBaseUrl, entityRef, run.id),
        },
      };
    },
  });
}
