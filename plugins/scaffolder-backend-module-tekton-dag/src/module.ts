import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createArgoCdApplicationAction } from './actions/argocdApplication';
import { createPipelineApplyAction } from './actions/pipelineApply';
import { createPipelineCreateAction } from './actions/pipelineCreate';
import { createRunStartAction } from './actions/runStart';
import { createLocalRepoCreateAction } from './actions/localRepoCreate';
import { createLocalRepoPushAction } from './actions/localRepoPush';

/**
 * The tekton-dag scaffolder actions: `tekton-dag:pipeline:create`,
 * `tekton-dag:argocd:application`, `tekton-dag:pipeline:apply`, `tekton-dag:run:start`, and for a
 * portal without a git host `tekton-dag:local-repo:create` and `tekton-dag:local-repo:push`.
 *
 * @public
 */
export const scaffolderModuleTektonDag = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'tekton-dag',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, discovery, auth }) {
        scaffolder.addActions(
          createPipelineCreateAction({ config }),
          createArgoCdApplicationAction(),
          createPipelineApplyAction({ config }),
          createRunStartAction({ config, discovery, auth }),
          createLocalRepoCreateAction({ config }),
          createLocalRepoPushAction({ config }),
        );
      },
    });
  },
});
