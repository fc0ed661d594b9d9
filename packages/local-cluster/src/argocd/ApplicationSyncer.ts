import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { fileURLToPath } from 'url';
import type { ObjectStore } from '../apiserver/ObjectStore';
import { groupVersionOf } from '../apiserver/resourceTypes';
import {
  matchesDesired,
  readManifests,
  syncOrder,
  syncWaveOf,
} from './manifests';

/** Argo CD's default tracking label: which Application a live resource belongs to. */
export const TRACKING_LABEL = 'app.kubernetes.io/instance';
const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';

export interface SyncerOptions {
  store: ObjectStore;
  repoRoot: string;
  /** Git URLs that mean this repository; Applications with other sources are not synced. */
  repositoryUrls: string[];
  /** How long an OutOfSync Application waits before self-healing (Argo CD waits ~5 s). */
  selfHealDelayMs?: number;
}

interface Desired {
  objects: any[];
  revision: string;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Argo CD's syncer for the local cluster: Applications whose source is this repository are
 * synced from the local checkout. Manifests are applied in sync-wave order (an app of apps
 * syncs each child before the next wave), status is written as Argo CD writes it, and drift of
 * a live object turns the Application OutOfSync, healed when `selfHeal` is set.
 */
export class ApplicationSyncer {
  private writing = false;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private stopListening?: () => void;

  constructor(private readonly options: SyncerOptions) {}

  private get applications() {
    return this.options.store.findType(
      'argoproj.io',
      'v1alpha1',
      'applications',
    )!;
  }

  start() {
    this.stopListening = this.options.store.onChange(event => {
      if (this.writing) return; // our own writes
      const object = event.object;
      if (event.resourceType === this.applications) {
        if (event.type !== 'DELETED')
          this.schedule(object.metadata.namespace, object.metadata.name, 0);
        return;
      }
      const owner = object?.metadata?.labels?.[TRACKING_LABEL];
      if (owner && event.type !== 'ADDED') {
        for (const app of this.listApplications()) {
          if (app.metadata.name === owner)
            this.schedule(app.metadata.namespace, owner, 50);
        }
      }
    });
    for (const app of this.listApplications())
      this.schedule(app.metadata.namespace, app.metadata.name, 0);
  }

  stop() {
    this.stopListening?.();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** Applies Applications and AppProjects (e.g. argocd/applications) as a user would. */
  applyApplications(dir: string) {
    for (const object of readManifests(dir).sort(syncOrder))
      this.apply(object, 'argocd', undefined, true);
  }

  private listApplications(): any[] {
    return this.options.store.list(this.applications, {
      labelSelector: [],
      fieldSelector: [],
    }).items;
  }

  private schedule(namespace: string, name: string, delayMs: number) {
    const key = `${namespace}/${name}`;
    if (this.pending.has(key)) return;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        try {
          this.reconcile(namespace, name, false);
        } catch {
          // reported in the Application's status
        }
      }, delayMs),
    );
  }

  private isThisRepository(url: string | undefined) {
    const normalize = (u: string) =>
      u.replace(/\.git$/, '').replace(/\/+$/, '');
    return (
      !!url &&
      this.options.repositoryUrls.some(r => normalize(r) === normalize(url))
    );
  }

  /**
   * The git folder a `file:` repoURL names (e.g. a repository the portal's template published to
   * its local repositories), when it is one; Argo CD clones those as it clones any other.
   */
  private localGitDir(url: string | undefined): string | undefined {
    if (!url?.startsWith('file:')) return undefined;
    try {
      const dir = fileURLToPath(url);
      execFileSync('git', ['--git-dir', dir, 'rev-parse', '--git-dir'], {
        stdio: 'ignore',
      });
      return dir;
    } catch {
      return undefined;
    }
  }

  private isReachable(url: string | undefined) {
    return this.isThisRepository(url) || !!this.localGitDir(url);
  }

  private revision(): string {
    try {
      return execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: this.options.repoRoot,
      })
        .toString()
        .trim();
    } catch {
      return 'HEAD';
    }
  }

  /** The manifests of a path of a local git repository at a revision (git archive). */
  private readGitManifests(gitDir: string, source: any) {
    const revision = execFileSync('git', [
      '--git-dir',
      gitDir,
      'rev-parse',
      '--verify',
      `${
        source.targetRevision && source.targetRevision !== 'HEAD'
          ? source.targetRevision
          : 'HEAD'
      }^{commit}`,
    ])
      .toString()
      .trim();
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'local-argocd-'));
    try {
      const archive = execFileSync('git', [
        '--git-dir',
        gitDir,
        'archive',
        '--format=tar',
        revision,
      ]);
      execFileSync('tar', ['-x', '-C', checkout], { input: archive });
      const objects = readManifests(
        path.join(checkout, source.path ?? '.'),
        !!source.directory?.recurse,
      );
      return { objects, revision };
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  }

  private desired(app: any): Desired {
    const source = app.spec?.source ?? {};
    const gitDir = this.localGitDir(source.repoURL);
    const read = gitDir
      ? this.readGitManifests(gitDir, source)
      : {
          objects: readManifests(
            path.join(this.options.repoRoot, source.path ?? '.'),
            !!source.directory?.recurse,
          ),
          revision: this.revision(),
        };
    const objects = read.objects.map(o => ({
      ...o,
      metadata: {
        ...o.metadata,
        labels: {
          ...(o.metadata?.labels ?? {}),
          [TRACKING_LABEL]: app.metadata.name,
        },
      },
    }));
    return { objects: objects.sort(syncOrder), revision: read.revision };
  }

  private typeOf(object: any) {
    return this.options.store.findTypeByKind(
      object.apiVersion ?? '',
      object.kind ?? '',
    );
  }

  private live(object: any, defaultNamespace: string) {
    const type = this.typeOf(object);
    if (!type) return undefined;
    const namespace = type.namespaced
      ? object.metadata?.namespace ?? defaultNamespace
      : undefined;
    return this.options.store.tryGet(type, namespace, object.metadata.name);
  }

  /** Creates or updates one object; returns a message when it could not. */
  private apply(
    object: any,
    defaultNamespace: string,
    createNamespace?: boolean,
    asUser = false,
  ): string | undefined {
    const { store } = this.options;
    const type = this.typeOf(object);
    if (!type)
      return `the server could not find the requested resource (${object.apiVersion} ${object.kind})`;
    const namespace = type.namespaced
      ? object.metadata?.namespace ?? defaultNamespace
      : undefined;
    this.writing = !asUser;
    try {
      if (namespace && createNamespace) {
        const namespaces = store.findType('', 'v1', 'namespaces')!;
        if (!store.tryGet(namespaces, undefined, namespace))
          store.create(namespaces, undefined, {
            metadata: { name: namespace },
          });
      }
      const live = store.tryGet(type, namespace, object.metadata.name);
      const desired = {
        ...object,
        metadata: { ...object.metadata, namespace },
      };
      if (!live) store.create(type, namespace, desired);
      else if (!matchesDesired(desired, live)) {
        store.update(type, namespace, object.metadata.name, {
          ...desired,
          metadata: {
            ...live.metadata,
            labels: desired.metadata.labels,
            annotations: desired.metadata.annotations,
          },
          status: live.status,
        });
      }
      if (object.kind === 'Deployment')
        this.markDeploymentAvailable(namespace!, object);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    } finally {
      this.writing = false;
    }
  }

  /** The local cluster runs no containers for Deployments; it reports them available. */
  private markDeploymentAvailable(namespace: string, object: any) {
    const { store } = this.options;
    const type = this.typeOf(object)!;
    const live = store.get(type, namespace, object.metadata.name);
    const replicas = live.spec?.replicas ?? 1;
    if (live.status?.availableReplicas === replicas) return;
    store.update(
      type,
      namespace,
      object.metadata.name,
      {
        ...live,
        status: {
          observedGeneration: live.metadata.generation,
          replicas,
          readyReplicas: replicas,
          availableReplicas: replicas,
          updatedReplicas: replicas,
          conditions: [
            {
              type: 'Available',
              status: 'True',
              reason: 'MinimumReplicasAvailable',
              lastTransitionTime: now(),
            },
          ],
        },
      },
      'status',
    );
  }

  private healthOf(object: any, live: any): string {
    if (!live) return 'Missing';
    if (object.kind === 'Application')
      return live.status?.health?.status ?? 'Unknown';
    if (object.kind === 'Deployment')
      return live.status?.availableReplicas >= (live.spec?.replicas ?? 1)
        ? 'Healthy'
        : 'Progressing';
    return 'Healthy';
  }

  private writeApplication(
    namespace: string,
    name: string,
    change: (app: any) => any,
    status = true,
  ) {
    const { store } = this.options;
    const current = store.tryGet(this.applications, namespace, name);
    if (!current) return undefined;
    this.writing = true;
    try {
      return store.update(
        this.applications,
        namespace,
        name,
        change(current),
        status ? 'status' : undefined,
      );
    } finally {
      this.writing = false;
    }
  }

  /** Compares, and syncs when asked to (operation), automated and out of sync, or self-healing. */
  reconcile(namespace: string, name: string, fromParent: boolean) {
    const app = this.options.store.tryGet(this.applications, namespace, name);
    if (!app) return;
    const source = app.spec?.source ?? {};
    const destination = app.spec?.destination?.namespace ?? 'default';
    if (!this.isReachable(source.repoURL)) {
      this.writeApplication(namespace, name, a => ({
        ...a,
        status: {
          ...a.status,
          sync: { status: 'Unknown' },
          health: { status: 'Unknown' },
          conditions: [
            {
              type: 'ComparisonError',
              message: `repository ${source.repoURL} is not reachable from the local cluster`,
              lastTransitionTime: now(),
            },
          ],
        },
      }));
      return;
    }
    let desired: Desired;
    try {
      desired = this.desired(app);
    } catch (error) {
      this.writeApplication(namespace, name, a => ({
        ...a,
        status: {
          ...a.status,
          sync: { status: 'Unknown' },
          conditions: [
            {
              type: 'ComparisonError',
              message: (error as Error).message,
              lastTransitionTime: now(),
            },
          ],
        },
      }));
      return;
    }
    const comparison = this.compare(app, desired, destination);
    const policy = app.spec?.syncPolicy?.automated;
    const refresh = app.metadata?.annotations?.[REFRESH_ANNOTATION];
    const requested = app.operation?.sync;
    const lastSynced = app.status?.operationState?.syncResult?.revision;
    const automatedSync =
      policy &&
      comparison.status === 'OutOfSync' &&
      (lastSynced !== desired.revision ||
        !app.status?.operationState ||
        policy.selfHeal);
    if (requested || automatedSync || fromParent) {
      if (
        automatedSync &&
        !requested &&
        !fromParent &&
        lastSynced === desired.revision &&
        app.status?.operationState
      ) {
        // Self-heal of live drift: show OutOfSync first, then heal, as Argo CD does.
        this.writeStatus(app, desired, comparison);
        setTimeout(
          () => this.sync(namespace, name, desired, !requested),
          this.options.selfHealDelayMs ?? 1000,
        );
        return;
      }
      this.sync(namespace, name, desired, !requested);
      return;
    }
    this.writeStatus(app, desired, comparison);
    if (refresh) {
      this.writeApplication(
        namespace,
        name,
        a => {
          const annotations = { ...a.metadata.annotations };
          delete annotations[REFRESH_ANNOTATION];
          return { ...a, metadata: { ...a.metadata, annotations } };
        },
        false,
      );
    }
  }

  private compare(app: any, desired: Desired, destination: string) {
    const resources = desired.objects.map(object => {
      const live = this.live(object, destination);
      const type = this.typeOf(object);
      const synced =
        live &&
        matchesDesired(
          {
            ...object,
            metadata: {
              ...object.metadata,
              namespace: live.metadata.namespace,
            },
          },
          live,
        );
      return {
        group: type?.group ?? '',
        version: type?.version ?? object.apiVersion,
        kind: object.kind,
        namespace: type?.namespaced
          ? object.metadata.namespace ?? destination
          : undefined,
        name: object.metadata.name,
        status: synced ? 'Synced' : 'OutOfSync',
        health: { status: this.healthOf(object, live) },
        syncWave: syncWaveOf(object),
      };
    });
    // Live objects this app tracks that git no longer has: OutOfSync (and pruned on sync).
    const wanted = new Set(
      desired.objects.map(o => `${o.kind}/${o.metadata.name}`),
    );
    const extra = this.tracked(app.metadata.name).filter(
      o => !wanted.has(`${o.kind}/${o.metadata.name}`),
    );
    for (const object of extra) {
      const type = this.typeOf(object);
      resources.push({
        group: type?.group ?? '',
        version: type?.version ?? '',
        kind: object.kind,
        namespace: object.metadata.namespace,
        name: object.metadata.name,
        status: 'OutOfSync',
        health: { status: 'Healthy' },
        syncWave: 0,
        requiresPruning: true,
      } as any);
    }
    const status = resources.every(r => r.status === 'Synced')
      ? 'Synced'
      : 'OutOfSync';
    const healths = resources.map(r => r.health.status);
    const health =
      ['Missing', 'Degraded', 'Progressing'].find(h => healths.includes(h)) ??
      'Healthy';
    return { status, health, resources, extra };
  }

  private tracked(appName: string): any[] {
    const { store } = this.options;
    return store.allTypes().flatMap(
      type =>
        store.list(type, {
          labelSelector: [labels => labels[TRACKING_LABEL] === appName],
          fieldSelector: [],
        }).items,
    );
  }

  private writeStatus(
    app: any,
    desired: Desired,
    comparison: ReturnType<ApplicationSyncer['compare']>,
    extra: Record<string, unknown> = {},
  ) {
    const source = app.spec?.source ?? {};
    this.writeApplication(app.metadata.namespace, app.metadata.name, a => ({
      ...a,
      status: {
        ...a.status,
        sync: {
          status: comparison.status,
          revision: desired.revision,
          comparedTo: { source, destination: app.spec?.destination },
        },
        health: { status: comparison.health },
        resources: comparison.resources,
        sourceType: 'Directory',
        reconciledAt: now(),
        summary: {},
        conditions: undefined,
        ...extra,
      },
    }));
  }

  /** One sync operation: waves in order, children synced before the next wave, then prune. */
  private sync(
    namespace: string,
    name: string,
    desired: Desired,
    automated: boolean,
  ) {
    const app = this.options.store.tryGet(this.applications, namespace, name);
    if (!app) return;
    const destination = app.spec?.destination?.namespace ?? 'default';
    const createNamespace = (app.spec?.syncPolicy?.syncOptions ?? []).includes(
      'CreateNamespace=true',
    );
    const startedAt = now();
    const initiatedBy = automated
      ? { automated: true }
      : { username: app.operation?.initiatedBy?.username ?? 'admin' };
    this.writeApplication(namespace, name, a => ({
      ...a,
      status: {
        ...a.status,
        operationState: {
          phase: 'Running',
          message: 'one or more tasks are running',
          startedAt,
          operation: { sync: { revision: desired.revision }, initiatedBy },
        },
      },
    }));

    const results: any[] = [];
    let failed: string | undefined;
    for (const object of desired.objects) {
      const message = this.apply(object, destination, createNamespace);
      const type = this.typeOf(object);
      results.push({
        group: type?.group ?? '',
        version: type?.version ?? '',
        kind: object.kind,
        namespace: type?.namespaced
          ? object.metadata.namespace ?? destination
          : '',
        name: object.metadata.name,
        status: message ? 'SyncFailed' : 'Synced',
        message:
          message ??
          `${object.kind.toLowerCase()}/${object.metadata.name} ${
            message ? 'failed' : 'configured'
          }`,
        syncPhase: 'Sync',
        hookPhase: message ? 'Failed' : 'Succeeded',
      });
      if (message) {
        failed = message;
        break;
      }
      // An app of apps: the child Application syncs (and is healthy) before the next wave.
      if (
        object.kind === 'Application' &&
        groupVersionOf(type!) === 'argoproj.io/v1alpha1'
      ) {
        this.reconcile(
          object.metadata.namespace ?? destination,
          object.metadata.name,
          true,
        );
      }
    }
    if (!failed && app.spec?.syncPolicy?.automated?.prune) {
      const wanted = new Set(
        desired.objects.map(o => `${o.kind}/${o.metadata.name}`),
      );
      for (const object of this.tracked(name).filter(
        o => !wanted.has(`${o.kind}/${o.metadata.name}`),
      )) {
        this.writing = true;
        try {
          this.options.store.delete(
            this.typeOf(object)!,
            object.metadata.namespace,
            object.metadata.name,
          );
          results.push({
            kind: object.kind,
            namespace: object.metadata.namespace ?? '',
            name: object.metadata.name,
            status: 'Pruned',
            message: 'pruned',
            syncPhase: 'Sync',
          });
        } finally {
          this.writing = false;
        }
      }
    }

    const current =
      this.options.store.tryGet(this.applications, namespace, name) ?? app;
    const comparison = this.compare(current, desired, destination);
    const finishedAt = now();
    const history = [...(current.status?.history ?? [])];
    if (!failed) {
      history.push({
        id: (history[history.length - 1]?.id ?? -1) + 1,
        revision: desired.revision,
        deployedAt: finishedAt,
        deployStartedAt: startedAt,
        source: current.spec?.source,
        initiatedBy,
      });
    }
    this.writeStatus(current, desired, comparison, {
      history: history.slice(-10),
      operationState: {
        phase: failed ? 'Failed' : 'Succeeded',
        message: failed
          ? `one or more objects failed to apply, reason: ${failed}`
          : 'successfully synced (all tasks run)',
        startedAt,
        finishedAt,
        operation: { sync: { revision: desired.revision }, initiatedBy },
        syncResult: {
          revision: desired.revision,
          source: current.spec?.source,
          resources: results,
        },
      },
    });
    if (current.operation) {
      this.writeApplication(
        namespace,
        name,
        a => {
          const { operation: _done, ...rest } = a;
          return rest;
        },
        false,
      );
    }
  }
}
