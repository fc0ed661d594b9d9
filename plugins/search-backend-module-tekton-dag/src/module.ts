import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { TektonDagPipelineCollatorFactory } from './collator/TektonDagPipelineCollatorFactory';
import { readScheduleConfig } from './collator/config';

/**
 * Indexes each entity's Tekton pipelines for search (document type `tekton-dag`), on the
 * schedule `search.collators.tekton-dag.schedule`.
 *
 * @public
 */
export const searchModuleTektonDagCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'tekton-dag-collator',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        auth,
        config,
        discovery,
        logger,
        scheduler,
        catalog,
        indexRegistry,
      }) {
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(
            readScheduleConfig(config),
          ),
          factory: TektonDagPipelineCollatorFactory.create({
            auth,
            discovery,
            catalog,
            logger,
          }),
        });
      },
    });
  },
});
