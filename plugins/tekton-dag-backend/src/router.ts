import type { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { HealthResponse } from '@tekton-dag/plugin-tekton-dag-common';
import {
  ClusterConfig,
  toPublicClusterInfo,
} from './clusters/readClustersConfig';
import type { RunStore } from './store/RunStore';

export interface RouterOptions {
  logger: LoggerService;
  clusters: ClusterConfig[];
  store: RunStore;
}

/** The REST API under /api/tekton-dag. Handlers stay thin: validation, permission, delegation. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { clusters, store } = options;
  const router = Router();
  router.use(express.json());

  // Unauthenticated (see plugin.ts): for load balancers and the Deployment's readiness probe.
  router.get('/health', async (_req, res) => {
    await store.checkConnection();
    const body: HealthResponse = { status: 'ok' };
    res.json(body);
  });

  router.get('/clusters', async (_req, res) => {
    res.json({ items: clusters.map(toPublicClusterInfo) });
  });

  return router;
}
