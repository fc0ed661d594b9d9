import type { BackendFeature } from '@backstage/backend-plugin-api';
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
  features?: BackendFeature[];
}) {
  return startTestBackend({
    features: [
      tektonDagPlugin,
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: { tektonDag: options.tektonDag },
      }),
      ...(options.features ?? []),
    ],
  });
}
