import type { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { BuiltBy } from '@tekton-dag/plugin-tekton-dag-common';
import { eventually } from '../__testUtils__/localCluster';
import { ClusterRegistry } from '@tekton-dag/plugin-tekton-dag-node';
import { capturingLogger } from './__testUtils__/capturingLogger';
import {
  FakeArgoCd,
  startFakeArgoCdServer,
} from './__testUtils__/fakeArgoCdServer';
import { type BuiltByLookup, deploymentKey } from './BuiltByLookup';
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
    findBuiltBy: async (_entityRef, deployments) => {
      lookups.push(deployments.map(d => d.revision));
      return new Map(
        deployments
          .filter(d => d.revision === SHA)
          .map(d => [deploymentKey(d), builtBy]),
      );
    },
  };

  beforeEach(async () => {
    argocd = await startFakeArgoCdServer({
      token: TOKEN,
      // The entity's Applications last: once their first events were told, every event of
      // the stream's current state was read, whether it came in one piece or in several.
      applications: [
        app('billing', { team: 'billing' }),
        app('shop-api', { team: 'shop', tier: 'backend' }),
        app('shop-worker', { team: 'shop', tier: 'backend' }),
        app('shop-web', { team: 'shop', tier: 'frontend' }),
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
      apiCurrentStateQuietMs: 300,
    });
    signals.length = 0;
    lookups.length = 0;
  });

  const signalled = (count: number, what: string) =>
    eventually(
      async () => signals,
      s => s.length >= count,
      what,
    );
  const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
  /** The signal of a changed Application, with its statuses; of a deleted one, without. */
  const signalOf = (
    application: string,
    syncStatus?: string,
    healthStatus = syncStatus && 'Healthy',
  ) => ({
    entityRef: ENTITY_REF,
    message: { type: 'gitops', application, syncStatus, healthStatus },
  });

  /**
   * Reads as an entity's page does, which opens the instance's watch stream, and waits until
   * the stream's first events (Argo CD's current state, `count` of them the entity's) were told.
   */
  const openPage = async (
    annotations: Record<string, string>,
    count: number,
    entityRef = ENTITY_REF,
  ) => {
    const read = await service.getEntityGitOps(entity(annotations), entityRef);
    await signalled(count, 'the current state from the stream');
    signals.length = 0;
    return read;
  };

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

    // The watch stream's first events (the current state) drop the cache.
    await signalled(3, 'the current state from the stream');
    // Many viewers within a few seconds: Argo CD is asked once.
    const threeViewers = () =>
      Promise.all(
        [1, 2, 3].map(() =>
          service.getEntityGitOps(entity(annotations), ENTITY_REF),
        ),
      );
    await threeViewers();
    await threeViewers();
    expect(argocd.requests).toHaveLength(6);
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
    const shopAnnotations = {
      'argocd/instance-name': 'prod',
      'argocd/app-selector': 'team=shop',
    };
    const shop = entity(shopAnnotations);
    await openPage(shopAnnotations, 3);
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
    // API servers are watched: Argo CD's change tells the entity's viewers to read again.
    await signalled(1, 'the signal of the sync');
    expect(signals).toEqual([signalOf('shop-api', 'Synced')]);
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

  const shopPage = {
    'argocd/instance-name': 'prod',
    'argocd/app-selector': 'team=shop',
  };
  const outOfSync = (target: ArgoCdApplication | undefined) => {
    target!.status.sync.status = 'OutOfSync';
  };

  it('tells the entity of a change on the API server, without polling, and the next read shows it', async () => {
    await openPage(shopPage, 3);
    const restRequests = argocd.requests.length;

    argocd.update('shop-web', outOfSync);
    await signalled(1, 'the signal of the change');
    expect(signals).toEqual([signalOf('shop-web', 'OutOfSync')]);
    // Told through the stream: no request to Argo CD, and none while nothing changes.
    await sleep(500);
    expect(argocd.requests).toHaveLength(restRequests);
    expect(argocd.streamRequests).toHaveLength(1);

    // The cached answers (5 s) were dropped: the page's reload reads the change.
    const reloaded = await service.getEntityGitOps(
      entity(shopPage),
      ENTITY_REF,
    );
    expect(reloaded.items.find(i => i.name === 'shop-web')?.sync.status).toBe(
      'OutOfSync',
    );
    expect(argocd.requests.length).toBeGreaterThan(restRequests);

    // An Application that comes to match the selector, and one that stops matching it.
    signals.length = 0;
    argocd.update('billing', target => {
      target!.metadata.labels = { team: 'shop' };
    });
    argocd.update('shop-worker', target => {
      target!.metadata.labels = { team: 'platform' };
    });
    await signalled(2, 'the signals of the label changes');
    expect(signals.map(x => x.message.application)).toEqual([
      'billing',
      'shop-worker',
    ]);
  });

  it('tells nothing of an event that changes nothing shown, and tells of a deletion', async () => {
    await openPage(shopPage, 3);
    // Argo CD's periodic comparison rewrites only its bookkeeping.
    argocd.update('shop-api', target => {
      target!.status.reconciledAt = '2026-11-28T11:00:00Z';
      target!.status.observedAt = '2026-11-28T11:00:00Z';
      target!.metadata.resourceVersion = '4711';
    });
    // Events arrive in order: once this one is told, the one before was read.
    argocd.remove('shop-worker');
    await signalled(1, 'the signal of the deletion');
    expect(signals).toEqual([signalOf('shop-worker')]);
    const reloaded = await service.getEntityGitOps(
      entity(shopPage),
      ENTITY_REF,
    );
    expect(reloaded.items.map(i => i.name)).toEqual(['shop-api', 'shop-web']);
  });

  it('signals entities of the Application’s namespace, and entities without argocd/app-namespace for any', async () => {
    const teamRef = 'component:default/team-apps';
    await openPage(shopPage, 3);
    await service.getEntityGitOps(
      entity({ ...shopPage, 'argocd/app-namespace': 'team-apps' }),
      teamRef,
    );

    argocd.update('team-web', () =>
      app('team-web', { team: 'shop' }, 'team-apps'),
    );
    await signalled(2, 'the signals of the new Application');
    expect(signals.map(x => [x.entityRef, x.message.application])).toEqual(
      expect.arrayContaining([
        [ENTITY_REF, 'team-web'],
        [teamRef, 'team-web'],
      ]),
    );

    signals.length = 0;
    argocd.update('shop-web', outOfSync);
    await signalled(1, 'the signal of the change in namespace argocd');
    expect(signals.map(x => [x.entityRef, x.message.application])).toEqual([
      [ENTITY_REF, 'shop-web'],
    ]);
  });

  it('reads the stream as Server-Sent Events too', async () => {
    argocd.streamFraming = 'event-stream';
    await openPage(shopPage, 3);
    argocd.update('shop-api', outOfSync);
    await signalled(1, 'the signal of the change');
    expect(signals[0].message).toMatchObject({
      application: 'shop-api',
      syncStatus: 'OutOfSync',
    });
  });

  it('reconnects when the stream ends or fails, telling what changed meanwhile and not the rest', async () => {
    await openPage(shopPage, 3);

    // A proxy ends the stream; meanwhile one Application changes and one is deleted.
    argocd.endStreams();
    argocd.update('shop-web', outOfSync);
    argocd.remove('shop-worker');
    // The current state after reconnecting: only the changed Application is new, and the
    // deleted one is missing from it.
    await signalled(2, 'the signals of what changed while disconnected');
    expect(argocd.streamRequests).toHaveLength(2);
    expect(signals).toEqual([
      signalOf('shop-web', 'OutOfSync'),
      signalOf('shop-worker'),
    ]);

    // Argo CD ends the stream with an error that echoes the token: logged blanked out.
    signals.length = 0;
    argocd.endStreams(`rpc error: token ${TOKEN} expired`);
    await eventually(
      async () => argocd.openStreams(),
      open => open === 1,
      'the second reconnect',
    );
    argocd.update('shop-api', outOfSync);
    await signalled(1, 'the signal of a change after reconnecting');
    expect(signals[0].message.application).toBe('shop-api');
    // The stream had been up for less than 30 s: the second end in a row waits longer
    // (jittered between half and all of 500 ms).
    const failure = lines.find(line =>
      line.includes(
        'Watching the Applications of Argo CD instance "prod" failed (Argo CD instance "prod" ended the stream with an error: rpc error: token *** expired); reconnecting in ',
      ),
    );
    const delay = Number(/reconnecting in (\d+) ms/.exec(failure ?? '')?.[1]);
    expect(delay).toBeGreaterThanOrEqual(250);
    expect(delay).toBeLessThanOrEqual(500);
  });

  it('retries a stream that refuses the token, with growing delays', async () => {
    await service.getEntityGitOps(
      entity({
        'argocd/instance-name': 'stale',
        'argocd/app-name': 'shop-api',
      }),
      ENTITY_REF,
    );
    await eventually(
      async () => argocd.streamRequests.length,
      count => count >= 3,
      'the retries of the stream',
    );
    for (const request of argocd.streamRequests)
      expect(request.authorization).toBe('Bearer an-old-revoked-token');
    const log = lines.join('\n');
    const delays = lines
      .filter(line =>
        line.includes(
          'Watching the Applications of Argo CD instance "stale" failed (Argo CD instance "stale" refused the token (401)); reconnecting in ',
        ),
      )
      .map(line => Number(/reconnecting in (\d+) ms/.exec(line)?.[1]));
    // Growing: the first retry waits half to all of 250 ms, a later one longer.
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(125);
    expect(Math.min(...delays)).toBeLessThanOrEqual(250);
    expect(Math.max(...delays)).toBeGreaterThanOrEqual(250);
    expect(log).not.toContain('an-old-revoked-token');
  });

  it('makes no request after stop, also when stopped while reconnecting or connecting', async () => {
    await openPage(shopPage, 3);
    argocd.endStreams();
    await sleep(50);
    await service.stop();
    const counts = () => [
      argocd.requests.length,
      argocd.streamRequests.length,
      argocd.openStreams(),
    ];
    const stopped = counts();
    argocd.update('shop-web', outOfSync);
    await sleep(800);
    expect(counts()).toEqual(stopped);
    expect(signals).toEqual([]);

    // Stopped while the first connection is being made.
    const racing = new GitOpsService({
      registry: new ClusterRegistry([]),
      argocd: {
        namespace: 'argocd',
        instances: [
          { name: 'prod', url: argocd.url, token: TOKEN, skipTLSVerify: false },
        ],
      },
      logger,
    });
    const reading = racing.getEntityGitOps(entity(shopPage), ENTITY_REF);
    await racing.stop();
    await reading;
    const streamsAsked = argocd.streamRequests.length;
    argocd.endStreams();
    await sleep(800);
    expect(argocd.streamRequests).toHaveLength(streamsAsked);
    expect(argocd.openStreams()).toBe(0);
  });

  it('logged what failed, never the token (after the tests above)', () => {
    const log = lines.join('\n');
    expect(log).toContain('Argo CD instance "gone" is not reachable');
    expect(log).toContain('refused the token (403)');
    expect(log).not.toContain(TOKEN);
  });
});
