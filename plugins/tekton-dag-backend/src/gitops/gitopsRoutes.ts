import type { Entity } from '@backstage/catalog-model';
import { NotImplementedError } from '@backstage/errors';
import {
  tektonDagGitOpsSyncPermission,
  tektonDagRunReadPermission,
} from '@tekton-dag/plugin-tekton-dag-common';
import type {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type express from 'express';
import type { GitOpsAction, GitOpsService } from './GitOpsService';

/**
 * The GitOps routes: an entity's Argo CD Applications, and Sync and Refresh of one of them.
 * Actions are checked with `tekton-dag.gitops.sync` on the entity and only reach Applications
 * that are the entity's (404 otherwise); they answer 202, since Argo CD does the work later.
 */
export function addGitOpsRoutes(
  router: express.Router,
  options: {
    /** Undefined only where the router is built without services (the OpenAPI test). */
    gitops?: GitOpsService;
    authorize(
      req: express.Request,
      permission: BasicPermission | ResourcePermission,
      resourceRef?: string,
    ): Promise<unknown>;
    entityOf(
      req: express.Request,
      ref: { kind: string; namespace: string; name: string },
    ): Promise<{ entity: Entity; entityRef: string }>;
    userOf(req: express.Request): Promise<string | undefined>;
  },
) {
  const service = () => {
    if (!options.gitops)
      throw new NotImplementedError('GitOps is not set up in this backend');
    return options.gitops;
  };

  router.get('/entities/:kind/:namespace/:name/gitops', async (req, res) => {
    await options.authorize(req, tektonDagRunReadPermission);
    const { entity, entityRef } = await options.entityOf(req, req.params);
    res.json(await service().getEntityGitOps(entity, entityRef));
  });

  const action = (requested: GitOpsAction) =>
    async function handle(req: express.Request, res: express.Response) {
      const { entity, entityRef } = await options.entityOf(req, {
        kind: req.params.kind,
        namespace: req.params.namespace,
        name: req.params.name,
      });
      await options.authorize(req, tektonDagGitOpsSyncPermission, entityRef);
      const application = req.params.app;
      await service().request(
        entity,
        entityRef,
        application,
        requested,
        await options.userOf(req),
      );
      res.status(202).json({ application, requested });
    };

  router.post(
    '/entities/:kind/:namespace/:name/gitops/applications/:app/sync',
    action('sync'),
  );
  router.post(
    '/entities/:kind/:namespace/:name/gitops/applications/:app/refresh',
    action('refresh'),
  );
}
