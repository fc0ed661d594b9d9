import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readClustersConfig } from './clusters/readClustersConfig';
import { createRouter } from './router';
import { DatabaseRunStore } from './store/DatabaseRunStore';

/**
 * The tekton-dag backend plugin: wiring only. Services in, router out.
 *
 * @public
 */
export const tektonDagPlugin = createBackendPlugin({
  pluginId: 'tekton-dag',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
      },
      async init({ config, database, httpRouter, logger }) {
        const clusters = readClustersConfig(config);
        const store = await DatabaseRunStore.create({ database });
        logger.info(
          `tekton-dag: ${clusters.length} cluster(s) configured: ${
            clusters.map(c => `${c.name} (${c.type})`).join(', ') || 'none'
          }`,
        );
        httpRouter.use(await createRouter({ logger, clusters, store }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
