import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { tektonDagRunReadPermission } from '@tekton-dag/plugin-tekton-dag-common';
import {
  runStatusValues,
  runSummarySchema,
  TektonDagActionsOptions,
  toRunSummary,
  visibleEntity,
} from './helpers';
import { authorizeCaller } from '../permissions/authorizeCaller';

export const LIST_RUNS_ACTION = 'list-tekton-dag-runs';

/** An entity's latest Tekton runs, newest first (tekton-dag.run.read). */
export function registerListRunsAction(
  actionsRegistry: ActionsRegistryService,
  options: TektonDagActionsOptions,
) {
  const { store, catalog, permissions, appBaseUrl } = options;
  actionsRegistry.register({
    name: LIST_RUNS_ACTION,
    title: 'List Tekton pipeline runs of an entity',
    description: `
Lists the Tekton PipelineRuns (CI/CD runs) of a software catalog entity, newest first, with their status, time, duration, trigger and pull request.
Use it to answer questions like "did shop-api's last build pass?" or, as the first step of "why did shop-api's last run fail?": take the id of the run you need and call get-tekton-dag-run for its failing tasks and tests.
The entity is an entity ref such as "component:default/shop-api"; a bare name like "shop-api" means a Component in the default namespace.
Filter by pipeline name and by status (e.g. ["Failed","TimedOut"] for the last failures). Pass nextCursor back as cursor for older runs.
`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .min(1)
            .describe(
              'The entity whose runs to list, e.g. "component:default/shop-api" or "shop-api"',
            ),
          pipeline: z
            .string()
            .min(1)
            .optional()
            .describe('Only runs of this Tekton Pipeline, e.g. "pr-pipeline"'),
          status: z
            .array(z.enum(runStatusValues))
            .min(1)
            .optional()
            .describe('Only runs with one of these statuses'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(50)
            .optional()
            .describe('How many runs to return, 1 to 50 (default 10)'),
          cursor: z
            .string()
            .optional()
            .describe('The nextCursor of a previous call, for older runs'),
        }),
      output: z =>
        z.object({
          entityRef: z.string().describe('The entity, as a full ref'),
          runs: z.array(runSummarySchema(z)).describe('Newest first'),
          nextCursor: z
            .string()
            .optional()
            .describe('Set when there are older runs: pass it as cursor'),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeCaller(
        permissions,
        credentials,
        tektonDagRunReadPermission,
      );
      const { entityRef } = await visibleEntity(
        catalog,
        input.entityRef,
        credentials,
      );
      const page = await store.listRuns(
        { entityRef, pipeline: input.pipeline, status: input.status },
        { limit: input.limit ?? 10, cursor: input.cursor },
      );
      return {
        output: {
          entityRef,
          runs: page.items.map(run => toRunSummary(run, appBaseUrl)),
          nextCursor: page.nextCursor ?? undefined,
        },
      };
    },
  });
}
