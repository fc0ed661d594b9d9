import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import { tektonDagPlugin } from '../plugin';

/**
 * Starts a backend with the tekton-dag plugin on the given database and `tektonDag`
 * configuration, plus the services a test brings or replaces (catalog, signals, permissions,
 * auth). Stop it before the database closes: its cluster trackers use the database.
 */
export function startTektonDagBackend(options: {
  knex: Knex;
  tektonDag: JsonObject;
  /** Configuration besides tektonDag (app, events, …). */
  config?: JsonObject;
  /**
   * A database for each other plugin that uses one (the events backend): every plugin has its
   * own, as in a real backend, so their migrations never meet.
   */
  otherPluginDatabase?: () => Promise<Knex>;
  features?: BackendFeature[];
}) {
  const { otherPluginDatabase } = options;
  const database = otherPluginDatabase
    ? createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory({ plugin }) {
          let client: Promise<Knex> | undefined;
          return {
            getClient: () =>
              plugin.getId() === 'tekton-dag'
                ? Promise.resolve(options.knex)
                : (client ??= otherPluginDatabase()),
          };
        },
      })
    : mockServices.database.factory({ knex: options.knex });
  return startTestBackend({
    features: [
      tektonDagPlugin,
      database,
      mockServices.rootConfig.factory({
        data: { ...options.config, tektonDag: options.tektonDag },
      }),
      ...(options.features ?? []),
    ],
  });
}
