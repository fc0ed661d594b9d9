import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_ARGOCD_APP_NAME,
  ANNOTATION_ARGOCD_APP_NAMESPACE,
  ANNOTATION_ARGOCD_APP_SELECTOR,
  ANNOTATION_ARGOCD_INSTANCE_NAME,
  EntityGitOps,
  getEntityClusterName,
  GitOpsApplication,
  GitOpsChangedSignal,
  GitOpsSource,
  LabelMatcher,
  parseLabelSelector,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { ClusterRegistry } from '@tekton-dag/plugin-tekton-dag-node';
import { interestSourceKey } from '../database/DatabaseGitOpsStore';
import type { GitOpsInterest, GitOpsStore } from '../database/GitOpsStore';
import type {
  ApplicationChange,
  ApplicationQuery,
  ApplicationSource,
} from './ApplicationSource';
import { ArgoCdApiSource } from './ArgoCdApiSource';
import {
  type BuiltByLookup,
  type Deployment,
  deploymentKey,
} from './BuiltByLookup';
import { KubernetesApplicationSource } from './KubernetesApplicationSource';
import type { ArgoCdConfig } from './readArgoCdConfig';
import { applicationFingerprint } from './applicationFingerprint';
import { ArgoCdApplication, toGitOpsApplication } from './toGitOpsApplication';
import { errorForLog } from '../logging/errorForLog';

export type GitOpsAction = 'sync' | 'refresh';

/** Where an entity's Applications are, from its annotations and the configuration. */
interface Target {
  source?: ApplicationSource;
  query: ApplicationQuery;
  /** The parsed `argocd/app-selector`. */
  matcher?: LabelMatcher;
  errors: EntityGitOps['errors'];
}

/** What makes an Application one of a watching entity's. */
interface Interest {
  names: Set<string>;
  matcher?: LabelMatcher;
  /** The shared form, as last saved (to save again only what changed). */
  saved?: string;
  savedAt?: number;
}

/** How often each replica reads the interests the others recorded. */
const INTEREST_SYNC_MS = 15_000;
/** A viewed entity's interest is saved again this often, so live ones never expire. */
const INTEREST_REFRESH_MS = 60 * 60_000;

const splitNames = (value: string | undefined) => [
  ...new Set(
    (value ?? '')
      .split(',')
      .map(name => name.trim())
      .filter(Boolean),
  ),
];

/** A namespace name (an RFC 1123 label). */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The GitOps view of entities: their Argo CD Applications (from the clusters' custom
 * resources, or from an Argo CD API server for entities with `argocd/instance-name`), tied to
 * the tekton-dag runs that built the revisions they deploy, and Sync and Refresh.
 *
 * Changes are pushed: every Application that changes is signalled on the
 * channels of the entities it belongs to. Which entities those are is known from the requests
 * served (an entity's page reads before it listens), so no catalog query runs per change.
 */
export class GitOpsService {
  private readonly kubernetes = new Map<string, KubernetesApplicationSource>();
  private readonly apiServers = new Map<string, ArgoCdApiSource>();
  /** Per watched cluster or instance and namespace: which entity wants which Applications. */
  private readonly interests = new Map<string, Map<string, Interest>>();
  private syncTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly options: {
      registry: ClusterRegistry;
      argocd: ArgoCdConfig;
      logger: LoggerService;
      /** Runs by revision; without it, no `builtBy`. */
      builtBy?: BuiltByLookup;
      /** Publishes on `tektonDagGitOpsChannel(entityRef)`. */
      onChanged?(entityRef: string, signal: GitOpsChangedSignal): void;
      /**
       * Shared with the other replicas: interests (every replica watches and signals for all
       * viewed entities) and claims (each change is published by one replica). Without it,
       * this replica is alone.
       */
      store?: GitOpsStore;
      /** Tests: first-list wait, end of a reconnect's current state. */
      firstListTimeoutMs?: number;
      apiCurrentStateQuietMs?: number;
    },
  ) {}

  private kubernetesSource(cluster: string): KubernetesApplicationSource {
    let source = this.kubernetes.get(cluster);
    if (!source) {
      source = new KubernetesApplicationSource({
        connection: this.options.registry.get(cluster),
        logger: this.options.logger,
        firstListTimeoutMs: this.options.firstListTimeoutMs,
        onChange: change => this.applicationChanged(change),
      });
      this.kubernetes.set(cluster, source);
    }
    return source;
  }

  private apiSource(instance: string): ArgoCdApiSource | undefined {
    let source = this.apiServers.get(instance);
    if (!source) {
      const config = this.options.argocd.instances.find(
        i => i.name === instance,
      );
      if (!config) return undefined;
      source = new ArgoCdApiSource({
        instance: config,
        logger: this.options.logger,
        currentStateQuietMs: this.options.apiCurrentStateQuietMs,
        onChange: change => this.applicationChanged(change),
      });
      this.apiServers.set(instance, source);
    }
    return source;
  }

  /** Undefined when the entity has no Argo CD annotations. */
  private targetOf(entity: Entity): Target | undefined {
    const annotations = entity.metadata.annotations ?? {};
    const names = splitNames(annotations[ANNOTATION_ARGOCD_APP_NAME]);
    const selector = annotations[ANNOTATION_ARGOCD_APP_SELECTOR]?.trim();
    if (!names.length && !selector) return undefined;
    const appNamespace =
      annotations[ANNOTATION_ARGOCD_APP_NAMESPACE]?.trim() || undefined;
    const instance = annotations[ANNOTATION_ARGOCD_INSTANCE_NAME]?.trim();
    const errors: EntityGitOps['errors'] = [];

    let source: ApplicationSource | undefined;
    let described: GitOpsSource;
    let namespace = appNamespace;
    // Without configured instances, `argocd/instance-name` (which the community Argo CD plugins
    // want) is ignored and the Applications are read through the clusters.
    if (instance && this.options.argocd.instances.length) {
      described = { kind: 'argocd', instance };
      source = this.apiSource(instance);
      if (!source)
        errors.push({
          source: described,
          message: `Argo CD instance "${instance}" is not configured under tektonDag.argocd.instances`,
        });
    } else {
      namespace = appNamespace ?? this.options.argocd.namespace;
      const clusterName = getEntityClusterName(entity);
      let cluster: string | undefined;
      try {
        cluster = this.options.registry.get(clusterName).name;
      } catch (error) {
        errors.push({
          source: { kind: 'kubernetes', cluster: clusterName ?? '' },
          message: (error as Error).message,
        });
      }
      described = { kind: 'kubernetes', cluster: cluster ?? clusterName ?? '' };
      if (cluster) source = this.kubernetesSource(cluster);
    }

    let matcher: LabelMatcher | undefined;
    let validSelector: string | undefined;
    if (selector) {
      try {
        matcher = parseLabelSelector(selector);
        validSelector = selector;
      } catch (error) {
        errors.push({
          source: described,
          message: `The ${ANNOTATION_ARGOCD_APP_SELECTOR} annotation "${selector}" is not a label selector: ${
            (error as Error).message
          }`,
        });
      }
    }
    // Each namespace is a watch of its own, and the name goes into request paths.
    if (appNamespace && !NAMESPACE_NAME.test(appNamespace)) {
      errors.push({
        source: described,
        message: `The ${ANNOTATION_ARGOCD_APP_NAMESPACE} annotation "${appNamespace}" is not a Kubernetes namespace name (lower-case letters, digits and "-", at most 63)`,
      });
      source = undefined;
    }
    if (!names.length && !validSelector) source = undefined;
    return {
      source,
      query: { namespace, names, selector: validSelector },
      matcher,
      errors,
    };
  }

  /** Without `namespace`: an API server's entity without `argocd/app-namespace`, any namespace. */
  private interestKey(source: GitOpsSource, namespace?: string) {
    return interestSourceKey(source, namespace);
  }

  /** Remembers which Applications an entity shows, for the signals of its source's watch. */
  private remember(entityRef: string, target: Target) {
    const { source, query } = target;
    if (!source) return;
    const key = this.interestKey(source.source, query.namespace);
    let byEntity = this.interests.get(key);
    if (!byEntity) {
      byEntity = new Map();
      this.interests.set(key, byEntity);
    }
    const previous = byEntity.get(entityRef);
    const interest: Interest = {
      names: new Set(query.names),
      matcher: target.matcher,
      saved: previous?.saved,
      savedAt: previous?.savedAt,
    };
    byEntity.set(entityRef, interest);
    const { store } = this.options;
    if (!store) return;
    const shared: GitOpsInterest = {
      entityRef,
      source: source.source,
      namespace: query.namespace,
      names: query.names,
      selector: query.selector,
    };
    const text = JSON.stringify(shared);
    if (
      interest.saved === text &&
      Date.now() - (interest.savedAt ?? 0) < INTEREST_REFRESH_MS
    )
      return;
    interest.saved = text;
    interest.savedAt = Date.now();
    store.saveInterest(shared).catch(error => {
      interest.saved = undefined;
      this.options.logger.warn(
        `Recording the GitOps view of ${entityRef} failed`,
        errorForLog(error),
      );
    });
  }

  /**
   * Starts taking part with the other replicas: reads the interests they recorded (now and
   * every few seconds) and watches what those entities show, so a change reaches their viewers
   * whichever replica served the page, and after this one restarts.
   */
  start() {
    if (!this.options.store || this.stopped) return;
    const sync = () => {
      this.syncInterests()
        .catch(error =>
          this.options.logger.warn(
            'Reading the recorded GitOps views failed',
            errorForLog(error),
          ),
        )
        .finally(() => {
          if (!this.stopped)
            this.syncTimer = setTimeout(sync, INTEREST_SYNC_MS);
        });
    };
    sync();
  }

  /**
   * Makes the interests the database's: views recorded by other replicas are added, changed
   * ones updated, expired ones dropped (but for views this replica recorded a moment ago, which
   * may still be on their way to the database); their sources are watched.
   */
  private async syncInterests() {
    const recorded = await this.options.store!.listInterests();
    const seen = new Set<string>();
    for (const interest of recorded) {
      if (this.stopped) return;
      const { source: described, namespace } = interest;
      let source: ApplicationSource | undefined;
      try {
        source =
          described.kind === 'kubernetes'
            ? this.kubernetesSource(
                this.options.registry.get(described.cluster).name,
              )
            : this.apiSource(described.instance);
      } catch {
        source = undefined; // a cluster no longer configured
      }
      if (!source) continue;
      const key = this.interestKey(described, namespace);
      seen.add(`${key}\n${interest.entityRef}`);
      let byEntity = this.interests.get(key);
      if (!byEntity) {
        byEntity = new Map();
        this.interests.set(key, byEntity);
      }
      const text = JSON.stringify(interest);
      if (byEntity.get(interest.entityRef)?.saved !== text) {
        let matcher: LabelMatcher | undefined;
        try {
          matcher = interest.selector
            ? parseLabelSelector(interest.selector)
            : undefined;
        } catch {
          matcher = undefined;
        }
        byEntity.set(interest.entityRef, {
          names: new Set(interest.names),
          matcher,
          saved: text,
          savedAt: Date.now(),
        });
      }
      source.watch({ namespace });
    }
    const settled = Date.now() - INTEREST_SYNC_MS;
    for (const [key, byEntity] of this.interests)
      for (const [entityRef, interest] of byEntity)
        if (
          !seen.has(`${key}\n${entityRef}`) &&
          (interest.savedAt ?? 0) < settled
        )
          byEntity.delete(entityRef);
  }

  private applicationChanged(change: ApplicationChange) {
    const interested = [
      this.interests.get(this.interestKey(change.source, change.namespace)),
      this.interests.get(this.interestKey(change.source)),
    ];
    const { app, previous, deleted } = change;
    const wants = (interest: Interest, object?: ArgoCdApplication) =>
      !!object &&
      (interest.names.has(object.metadata.name) ||
        !!interest.matcher?.(object.metadata.labels ?? {}));
    const signal: GitOpsChangedSignal = deleted
      ? { type: 'gitops', application: app.metadata.name }
      : {
          type: 'gitops',
          application: app.metadata.name,
          syncStatus: app.status?.sync?.status,
          healthStatus: app.status?.health?.status,
        };
    // An entity remembered under both keys (its namespace annotation changed) hears once.
    const told = new Set<string>();
    for (const byEntity of interested) {
      for (const [entityRef, interest] of byEntity ?? []) {
        if (told.has(entityRef)) continue;
        if (wants(interest, app) || wants(interest, previous)) {
          told.add(entityRef);
          this.tell(entityRef, change, signal);
        }
      }
    }
  }

  /**
   * Publishes a change to an entity's viewers. With other replicas watching the same
   * Applications, the one that claims this version of the change first publishes it.
   */
  private tell(
    entityRef: string,
    change: ApplicationChange,
    signal: GitOpsChangedSignal,
  ) {
    const { store, onChanged } = this.options;
    if (!onChanged) return;
    if (!store) {
      onChanged(entityRef, signal);
      return;
    }
    const { app } = change;
    const version = app.metadata.resourceVersion ?? applicationFingerprint(app);
    const key = [
      entityRef,
      this.interestKey(change.source, change.namespace),
      app.metadata.name,
      version,
      change.deleted ? 'deleted' : 'changed',
    ].join('\n');
    store
      .claim(key)
      .then(claimed => {
        if (claimed) onChanged(entityRef, signal);
      })
      .catch(error =>
        this.options.logger.warn(
          `Publishing a change of Argo CD Application ${app.metadata.name} failed`,
          errorForLog(error),
        ),
      );
  }

  /** Reads the entity's Applications: raw, for actions, and what the source could not read. */
  private async readApplications(entity: Entity, entityRef: string) {
    const target = this.targetOf(entity);
    if (!target) return undefined;
    this.remember(entityRef, target);
    const { source } = target;
    if (!source) return { target, applications: [], errors: target.errors };
    const read = await source.read(target.query);
    return {
      target,
      applications: read.applications,
      errors: [
        ...target.errors,
        ...read.errors.map(error => ({ source: source.source, ...error })),
      ],
    };
  }

  /** `GET /entities/:kind/:namespace/:name/gitops`. */
  async getEntityGitOps(
    entity: Entity,
    entityRef: string,
  ): Promise<EntityGitOps> {
    const read = await this.readApplications(entity, entityRef);
    if (!read) return { items: [], errors: [] };
    const source = read.target.source!;
    const items: GitOpsApplication[] = read.applications
      .map(app => toGitOpsApplication(app, source.source))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (this.options.builtBy && items.length) {
      // Each deployment: the history's, and the current revision, deployed when the newest
      // history entry of that revision was (or its last sync finished).
      const currentOf = (item: GitOpsApplication): Deployment | undefined =>
        item.sync.revision
          ? {
              revision: item.sync.revision,
              deployedAt:
                item.history.find(
                  entry => entry.revision === item.sync.revision,
                )?.deployedAt ?? item.operation?.finishedAt,
            }
          : undefined;
      // History entries are deployments already (revision, deployedAt).
      const currents = new Map(items.map(item => [item, currentOf(item)]));
      const deployments: Deployment[] = items.flatMap(item => [
        ...(currents.get(item) ? [currents.get(item)!] : []),
        ...item.history,
      ]);
      const builtBy = await this.options.builtBy.findBuiltBy(
        entityRef,
        deployments,
      );
      for (const item of items) {
        const current = currents.get(item);
        const builder = current && builtBy.get(deploymentKey(current));
        if (builder) item.builtBy = builder;
        for (const entry of item.history) {
          const run = builtBy.get(deploymentKey(entry));
          if (run) entry.builtBy = run;
        }
      }
    }
    return { items, errors: read.errors };
  }

  /**
   * Asks Argo CD to sync or refresh one of the entity's Applications. Throws NotFoundError
   * when the entity has no such Application, so no other Application can be acted on by name.
   */
  async request(
    entity: Entity,
    entityRef: string,
    application: string,
    action: GitOpsAction,
    user?: string,
  ): Promise<void> {
    const read = await this.readApplications(entity, entityRef);
    const app = read?.applications.find(a => a.metadata.name === application);
    if (!read?.target.source || !app)
      throw new NotFoundError(
        `"${application}" is not one of the Argo CD Applications of ${entityRef}`,
      );
    const { source } = read.target;
    if (action === 'sync') {
      // To the target revision of a single-source Application, as Argo CD's UI does.
      await source.sync(app, {
        revision: app.spec?.source?.targetRevision,
        user,
      });
    } else {
      await source.refresh(app);
    }
    // The source's watch tells the entity's viewers of the change.
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.syncTimer);
    await Promise.allSettled(
      [...this.kubernetes.values(), ...this.apiServers.values()].map(s =>
        s.stop(),
      ),
    );
  }
}
