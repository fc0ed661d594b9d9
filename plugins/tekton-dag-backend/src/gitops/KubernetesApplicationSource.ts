import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  CustomObjectsApi,
  KubernetesListObject,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  GitOpsSource,
  parseLabelSelector,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { ClusterConnection } from '@tekton-dag/plugin-tekton-dag-node';
import type {
  ApplicationChange,
  ApplicationQuery,
  ApplicationRead,
  ApplicationSource,
} from './ApplicationSource';
import type { ArgoCdApplication } from './toGitOpsApplication';
import { applicationFingerprint } from './applicationFingerprint';
import { GitOpsUpstreamError } from './errors';
import { notifyApplicationChange } from './notifyApplicationChange';
import { describeError, SupervisedInformer } from '../watch/SupervisedInformer';

const GROUP = 'argoproj.io';
const VERSION = 'v1alpha1';
const PLURAL = 'applications';
export const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';

/** One namespace's Applications: a list+watch, and the Applications it has seen. */
class NamespaceWatch {
  readonly apps = new Map<
    string,
    { app: ArgoCdApplication; fingerprint: string }
  >();
  listed = false;
  lastError?: string;
  informer?: SupervisedInformer<ArgoCdApplication>;
  private waiters: Array<() => void> = [];

  /** Resolves once the first list succeeded or failed, or after `timeoutMs`. */
  settled(timeoutMs: number): Promise<void> {
    if (this.listed || this.lastError) return Promise.resolve();
    return new Promise(resolve => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  settle() {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach(wake => wake());
  }
}

/**
 * Argo CD Applications as `argoproj.io/v1alpha1` custom resources of one configured cluster.
 * Each namespace asked for gets one list+watch (informer), started the first time an entity
 * needs it and shared by every entity and viewer; reads are served from it, never from the
 * API server. A watch that fails is restarted with backoff, listing again.
 */
export class KubernetesApplicationSource implements ApplicationSource {
  readonly source: GitOpsSource;
  private readonly namespaces = new Map<string, NamespaceWatch>();
  private stopped = false;

  constructor(
    private readonly options: {
      connection: ClusterConnection;
      logger: LoggerService;
      onChange?: (change: ApplicationChange) => void;
      /** How long a read waits for a namespace's first list; default 10 s. */
      firstListTimeoutMs?: number;
    },
  ) {
    this.source = { kind: 'kubernetes', cluster: options.connection.name };
  }

  private get cluster() {
    return this.options.connection.name;
  }

  watch(query: Pick<ApplicationQuery, 'namespace'>): void {
    this.watchNamespace(query.namespace ?? 'argocd');
  }

  async read(query: ApplicationQuery): Promise<ApplicationRead> {
    const namespace = query.namespace ?? 'argocd';
    const watch = this.watchNamespace(namespace);
    await watch.settled(this.options.firstListTimeoutMs ?? 10_000);
    if (!watch.listed) {
      return {
        applications: [],
        errors: [
          {
            message: `Could not read the Argo CD Applications in namespace "${namespace}" of cluster "${
              this.cluster
            }": ${watch.lastError ?? 'the cluster did not answer in time'}`,
          },
        ],
      };
    }
    const applications = new Map<string, ArgoCdApplication>();
    const errors: ApplicationRead['errors'] = [];
    if (watch.lastError)
      errors.push({
        message: `Watching the Argo CD Applications in namespace "${namespace}" of cluster "${this.cluster}" fails (${watch.lastError}); showing them as last seen`,
      });
    for (const name of query.names) {
      const found = watch.apps.get(name)?.app;
      if (found) applications.set(name, found);
      else
        errors.push({
          application: name,
          message: `No Argo CD Application "${name}" in namespace "${namespace}" of cluster "${this.cluster}"`,
        });
    }
    if (query.selector) {
      const matches = parseLabelSelector(query.selector);
      for (const { app } of watch.apps.values()) {
        if (matches(app.metadata.labels ?? {}))
          applications.set(app.metadata.name, app);
      }
    }
    return { applications: [...applications.values()], errors };
  }

  private api() {
    return this.options.connection.kubeConfig().makeApiClient(CustomObjectsApi);
  }

  private async mergePatch(app: ArgoCdApplication, body: object, what: string) {
    const namespace = app.metadata.namespace ?? 'argocd';
    try {
      await this.api().patchNamespacedCustomObject(
        {
          group: GROUP,
          version: VERSION,
          namespace,
          plural: PLURAL,
          name: app.metadata.name,
          body,
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    } catch (error: any) {
      const code = error?.code ?? error?.statusCode;
      if (code === 404)
        throw new NotFoundError(
          `No Argo CD Application "${app.metadata.name}" in namespace "${namespace}" of cluster "${this.cluster}"`,
        );
      throw new GitOpsUpstreamError(
        `Cluster "${this.cluster}" refused to ${what} Argo CD Application "${
          app.metadata.name
        }"${code ? ` (${code})` : ''}`,
      );
    }
  }

  async sync(
    app: ArgoCdApplication,
    options: { revision?: string; user?: string },
  ): Promise<void> {
    // Argo CD runs one operation at a time; it would refuse a second one too.
    const current =
      this.namespaces
        .get(app.metadata.namespace ?? 'argocd')
        ?.apps.get(app.metadata.name)?.app ?? app;
    if (
      current.operation ||
      current.status?.operationState?.phase === 'Running'
    )
      throw new ConflictError(
        `Argo CD Application "${app.metadata.name}" is already running an operation`,
      );
    await this.mergePatch(
      app,
      {
        operation: {
          sync: options.revision ? { revision: options.revision } : {},
          initiatedBy: { username: options.user ?? 'backstage' },
        },
      },
      'sync',
    );
  }

  async refresh(app: ArgoCdApplication): Promise<void> {
    await this.mergePatch(
      app,
      { metadata: { annotations: { [REFRESH_ANNOTATION]: 'normal' } } },
      'refresh',
    );
  }

  private watchNamespace(namespace: string): NamespaceWatch {
    let watch = this.namespaces.get(namespace);
    if (!watch) {
      watch = new NamespaceWatch();
      this.namespaces.set(namespace, watch);
      this.startInformer(namespace, watch);
    }
    return watch;
  }

  private changed(
    namespace: string,
    app: ArgoCdApplication,
    deleted: boolean,
    previous?: ArgoCdApplication,
  ) {
    notifyApplicationChange(
      this.options.onChange,
      { source: this.source, namespace, app, previous, deleted },
      this.options.logger,
    );
  }

  /**
   * Keeps the Application and tells of it, when more than Argo CD's bookkeeping changed. The
   * first list of a namespace tells nothing: what was there before anyone watched is no change
   * (another replica may have told it already).
   */
  private remember(
    namespace: string,
    watch: NamespaceWatch,
    app: ArgoCdApplication,
  ) {
    const fingerprint = applicationFingerprint(app);
    const known = watch.apps.get(app.metadata.name);
    watch.apps.set(app.metadata.name, { app, fingerprint });
    if (watch.listed && known?.fingerprint !== fingerprint)
      this.changed(namespace, app, false, known?.app);
  }

  /** One supervised list+watch per namespace: restarts with backoff, relists, never leaks. */
  private startInformer(namespace: string, watch: NamespaceWatch) {
    if (this.stopped) return;
    const informer = new SupervisedInformer<ArgoCdApplication>({
      name: `Argo CD Applications in namespace ${namespace} of cluster ${this.cluster}`,
      logger: this.options.logger,
      kubeConfig: () => this.options.connection.kubeConfig(),
      path: `/apis/${GROUP}/${VERSION}/namespaces/${encodeURIComponent(
        namespace,
      )}/${PLURAL}`,
      list: async kubeConfig =>
        (await kubeConfig
          .makeApiClient(CustomObjectsApi)
          .listNamespacedCustomObject({
            group: GROUP,
            version: VERSION,
            namespace,
            plural: PLURAL,
          })) as KubernetesListObject<ArgoCdApplication>,
      // Every (re)list is a full view: Applications deleted meanwhile are forgotten here.
      onList: items => {
        const live = new Set(items.map(item => item.metadata.name));
        for (const [name, { app }] of [...watch.apps]) {
          if (live.has(name)) continue;
          watch.apps.delete(name);
          this.changed(namespace, app, true);
        }
        for (const item of items) this.remember(namespace, watch, item);
        watch.listed = true;
        watch.lastError = undefined;
        watch.settle();
      },
      onObject: app => this.remember(namespace, watch, app),
      onDelete: app => {
        // A relist may have forgotten it already.
        if (!watch.apps.delete(app.metadata.name)) return;
        this.changed(namespace, app, true);
      },
      onDown: error => {
        watch.lastError = describeError(error);
        watch.settle();
      },
    });
    watch.informer = informer;
    informer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const informers = [...this.namespaces.values()]
      .map(watch => watch.informer)
      .filter((i): i is SupervisedInformer<ArgoCdApplication> => !!i);
    for (const watch of this.namespaces.values()) {
      watch.informer = undefined;
      watch.settle();
    }
    await Promise.allSettled(informers.map(i => i.stop()));
  }
}
