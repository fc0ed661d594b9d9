import type { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { BuiltBy } from '@tekton-dag/plugin-tekton-dag-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { capturingLogger } from './__testUtils__/capturingLogger';
import {
  FakeArgoCd,
  startFakeArgoCdServer,
} from './__testUtils__/fakeArgoCdServer';
import type { BuiltByLookup } from './BuiltByLookup';
import { GitOpsUpstreamError } from './errors';
import { GitOpsService } from './GitOpsService';
import type { ArgoCdApplication } from './toGitOpsApplication';

const TOKEN = 'argocd-secret-token-0123456789';
const SHA = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed';

const app = (
  name: string,
  labels: Record<string, string>,
  namespace = 'argocd',
): ArgoCdApplication => ({
  metadata: { name, namespace, labels },
  spec: {
    project: 'default',
    source: {
      repoURL: 'https://github.com/tekton-dag/tekton-dag.git',
      path: `examples/shop/${name}`,
      targetRevision: 'main',
    },
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'shop',
    },
  },
  status: {
    sync: { status: 'Synced', revision: SHA },
    health: { status: 'Healthy' },
    history: [
      {
        id: 0,
        revision: 'cafe'.repeat(10),
        deployedAt: '2026-11-27T10:00:00Z',
      },
      { id: 1, revision: SHA, deployedAt: '2026-11-28T10:00:00Z' },
    ],
    resources: [
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: 'shop',
        name,
        status: 'Synced',
        health: { status: 'Healthy' },
      },
    ],
  },
});

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop-api', namespace: 'default', annotations },
  spec: {},
});
const ENTITY_REF = 'component:default/shop-api';

const builtBy: BuiltBy = {
  runId: 'run-1',
  runName: 'pr-pipeline-abc',
  pipeline: 'pr-pipeline',
  status: 'Succeeded',
  createdAt: '2026-11-28T09:00:00.000Z',
};

describe('Argo CD API-server source', () => {
  let argocd: FakeArgoCd;
  let service: GitOpsService;
  const signals: Array<{ entityRef: string; message: any }> = [];
  const lookups: string[][] = [];
  const { logger, lines } = capturingLogger();
  const lookup: BuiltByLookup = {
    findBuiltBy: async (_entityRef, revisions) => {
      lookups.push(revisions);
      return new Map([[SHA, builtBy]]);
    },
  };

  beforeEach(async () => {
    argocd = await startFakeArgoCdServer({
      token: TOKEN,
      applications: [
        app('shop-api', { team: 'shop', tier: 'backend' }),
        app('shop-worker', { team: 'shop', tier: 'backend' }),
        app('shop-web', { team: 'shop', tier: 'frontend' }),
        app('billing', { team: 'billing' }),
      ],
    });
    service = new GitOpsService({
      registry: new ClusterRegistry([]),
      argocd: {
        namespace: 'argocd',
        instances: [
          { name: 'prod', url: argocd.url, token: TOKEN, skipTLSVerify: false },
          {
            name: 'stale',
            url: `${argocd.url}/`,
            token: 'an-old-revoked-token',
            skipTLSVerify: false,
          },
          // Nothing listens there.
          {
            name: 'gone',
            url: 'http://127.0.0.1:9',
            token: TOKEN,
            skipTLSVerify: false,
          },
        ],
      },
      logger,
      builtBy: lookup,
      onChanged: (entityRef, message) => signals.push({ entityRef, message }),
    });
    signals.length = 0;
    lookups.length = 0;
  });

  afterEach(async () => {
    await service.stop();
    await argocd.close();
  });

  it('reads by selector and by name with the bearer token, says what is missing, and caches', async () => {
    const annotations = {
      'argocd/instance-name': 'prod',
      'argocd/app-selector': 'team=shop,tier in (backend)',
      'argocd/app-name': 'shop-web, ghost',
    };
    const result = await service.getEntityGitOps(
      entity(annotations),
      ENTITY_REF,
    );
    expect(result.items.map(i => i.name)).toEqual([
      'shop-api',
      'shop-web',
      'shop-worker',
    ]);
    expect(result.items[0]).toMatchObject({
      source: { kind: 'argocd', instance: 'prod' },
      sync: { status: 'Synced', revision: SHA },
      builtBy,
      history: [{ id: 1, revision: SHA, builtBy }, { id: 0 }],
      resources: [{ kind: 'Deployment', name: 'shop-api', syncWave: 0 }],
    });
    expect(result.items[0].history[1].builtBy).toBeUndefined();
    expect(result.errors).toEqual([
      {
        source: { kind: 'argocd', instance: 'prod' },
        application: 'ghost',
        message: 'Argo CD instance "prod" has no Application "ghost"',
      },
    ]);
    // One lookup of runs for all revisions of all Applications.
    expect(lookups).toHaveLength(1);
    expect(new Set(lookups[0])).toEqual(new Set([SHA, 'cafe'.repeat(10)]));

    expect(argocd.requests.map(r => [r.method, r.path, r.query])).toEqual(
      expect.arrayContaining([
        ['GET', '/api/v1/applications/shop-web', {}],
        ['GET', '/api/v1/applications/ghost', {}],
        [
          'GET',
          '/api/v1/applications',
          { selector: 'team=shop,tier in (backend)' },
        ],
      ]),
    );
    expect(argocd.requests).toHaveLength(3);
    for (const request of argocd.requests)
      expect(request.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify(result)).not.toContain(TOKEN);

    // Many viewers within a few seconds: Argo CD is asked once.
    await Promise.all(
      [1, 2, 3].map(() =>
        service.getEntityGitOps(entity(annotations), ENTITY_REF),
      ),
    );
    expect(argocd.requests).toHaveLength(3);
  });

  it('passes app-namespace, and answers an empty list when nothing matches', async () => {
    const result = await service.getEntityGitOps(
      entity({
        'argocd/instance-name': 'prod',
        'argocd/app-selector': 'team=nobody',
        'argocd/app-namespace': 'team-apps',
      }),
      ENTITY_REF,
    );
    expect(result).toEqual({ items: [], errors: [] });
    expect(argocd.requests[0].query).toEqual({
      selector: 'team=nobody',
      appNamespace: 'team-apps',
    });
  });

  it('reports a refused token, an unreachable or unknown instance and a bad selector as errors, never the token', async () => {
    const refused = await service.getEntityGitOps(
      entity({
        'argocd/instance-name': 'stale',
        'argocd/app-name': 'shop-api',
        'argocd/app-selector': 'team=shop',
      }),
      ENTITY_REF,
    );
    expect(refused.items).toEqual([]);
    expect(refused.errors).toEqual([
      {
        source: { kind: 'argocd', instance: 'stale' },
        application: 'shop-api',
        message: 'Argo CD instance "stale" refused the token (401)',
      },
      {
        source: { kind: 'argocd', instance: 'stale' },
        message: 'Argo CD instance "stale" refused the token (401)',
      },
    ]);
    expect(argocd.requests[0].authorization).toBe(
      'Bearer an-old-revoked-token',
    );

    argocd.failNext = { status: 403, body: { message: 'permission denied' } };
    const forbidden = await service.getEntityGitOps(
      entity({ 'argocd/instance-name': 'prod', 'argocd/app-name': 'billing' }),
      ENTITY_REF,
    );
    expect(forbidden.errors[0].message).toBe(
      'Argo CD instance "prod" refused the token (403)',
    );

    // An Argo CD that echoes the token in an error: it is blanked out.
    argocd.failNext = {
      status: 500,
      body: { message: `rpc error: bad token ${TOKEN}` },
    };
    const echoed = await service.getEntityGitOps(
      entity({ 'argocd/instance-name': 'prod', 'argocd/app-name': 'shop-web' }),
      ENTITY_REF,
    );
    expect(echoed.errors[0].message).toBe(
      'Argo CD instance "prod" answered 500: rpc error: bad token ***',
    );

    const unreachable = await service.getEntityGitOps(
      entity({ 'argocd/instance-name': 'gone', 'argocd/app-name': 'shop-api' }),
      ENTITY_REF,
    );
    expect(unreachable.errors[0].message).toMatch(
      /^Argo CD instance "gone" is not reachable: /,
    );

    const unknown = await service.getEntityGitOps(
      entity({ 'argocd/instance-name': 'dev', 'argocd/app-name': 'shop-api' }),
      ENTITY_REF,
    );
    expect(unknown).toEqual({
      items: [],
      errors: [
        {
          source: { kind: 'argocd', instance: 'dev' },
          message:
            'Argo CD instance "dev" is not configured under tektonDag.argocd.instances',
        },
      ],
    });

    const badSelector = await service.getEntityGitOps(
      entity({
        'argocd/instance-name': 'prod',
        'argocd/app-selector': 'team in shop',
      }),
      ENTITY_REF,
    );
    expect(badSelector.items).toEqual([]);
    expect(badSelector.errors[0].message).toMatch(
      /The argocd\/app-selector annotation "team in shop" is not a label selector/,
    );

    for (const result of [refused, forbidden, echoed, unreachable])
      expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('syncs and refreshes only the entity’s Applications', async () => {
    const shop = entity({
      'argocd/instance-name': 'prod',
      'argocd/app-selector': 'team=shop',
    });
    await service.request(
      shop,
      ENTITY_REF,
      'shop-api',
      'sync',
      'user:default/ada',
    );
    const posts = argocd.requests.filter(r => r.method === 'POST');
    expect(posts).toEqual([
      {
        method: 'POST',
        path: '/api/v1/applications/shop-api/sync',
        query: {},
        authorization: `Bearer ${TOKEN}`,
        body: { revision: 'main', appNamespace: 'argocd' },
      },
    ]);
    // API servers are not watched: the entity's viewers are told to read again.
    expect(signals).toEqual([
      {
        entityRef: ENTITY_REF,
        message: { type: 'gitops', application: 'shop-api' },
      },
    ]);
    // The cache was dropped: the next read shows the running operation.
    const after = await service.getEntityGitOps(shop, ENTITY_REF);
    expect(
      after.items.find(i => i.name === 'shop-api')?.operation,
    ).toMatchObject({ phase: 'Running', initiatedBy: 'portal-account' });

    await expect(
      service.request(shop, ENTITY_REF, 'shop-api', 'sync'),
    ).rejects.toThrow(ConflictError);

    await service.request(shop, ENTITY_REF, 'shop-web', 'refresh');
    expect(argocd.requests[argocd.requests.length - 1]).toMatchObject({
      method: 'GET',
      path: '/api/v1/applications/shop-web',
      query: { refresh: 'normal', appNamespace: 'argocd' },
    });

    // Another team's Application, by name: refused before Argo CD hears of it.
    const before = argocd.requests.length;
    await expect(
      service.request(shop, ENTITY_REF, 'billing', 'sync'),
    ).rejects.toThrow(NotFoundError);
    expect(
      argocd.requests.slice(before).filter(r => r.method === 'POST'),
    ).toEqual([]);
    expect(argocd.applications.get('billing')?.status.operationState).toBe(
      undefined,
    );

    // A token without sync rights: a 502 that names the instance, not the token.
    argocd.failNext = { status: 403, body: { message: 'permission denied' } };
    const refused = service.request(shop, ENTITY_REF, 'shop-web', 'sync');
    await expect(refused).rejects.toThrow(GitOpsUpstreamError);
    await expect(refused).rejects.toThrow(
      'Argo CD instance "prod" refused the token (403)',
    );
  });

  it('logged what failed, never the token (after the tests above)', () => {
    const log = lines.join('\n');
    expect(log).toContain('Argo CD instance "gone" is not reachable');
    expect(log).toContain('refused the token (403)');
    expect(log).not.toContain(TOKEN);
  });
});
