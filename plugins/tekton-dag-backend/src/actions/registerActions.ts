import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerGetRunAction } from './getRunAction';
import { registerGetStepLogAction } from './getStepLogAction';
import type { TektonDagActionsOptions } from './helpers';
import { registerListRunsAction } from './listRunsAction';
import { registerStartRunAction } from './startRunAction';

export type { TektonDagActionsOptions } from './helpers';
export { LIST_RUNS_ACTION } from './listRunsAction';
export { GET_RUN_ACTION } from './getRunAction';
export { START_RUN_ACTION } from './startRunAction';
export { GET_STEP_LOG_ACTION } from './getStepLogAction';

/**
 * Registers tekton-dag's operations in Backstage's actions registry, for AI agents (an MCP
 * client connected to the portal) and the Backstage CLI: list an entity's runs, get a run with
 * its failing tasks and tests, start a run, read the end of a step's log. Each checks the same
 * permission as its REST route, and reads the catalog, with the caller's credentials.
 */
export function registerTektonDagActions(
  options: TektonDagActionsOptions & {
    actionsRegistry: ActionsRegistryService;
  },
): void {
  const { actionsRegistry, ...services } = options;
  registerListRunsAction(actionsRegistry, services);
  registerGetRunAction(actionsRegistry, services);
  registerStartRunAction(actionsRegistry, services);
  registerGetStepLogAction(actionsRegistry, services);
}
