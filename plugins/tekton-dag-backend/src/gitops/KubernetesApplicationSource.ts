import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  CustomObjectsApi,
  Informer,
  makeInformer,
  ObjectCache,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  GitOpsSource,
  parseLabelSelector,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { ClusterConnection } from '../clusters/ClusterRegistry';
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
import { ReconnectBackoff } from '../watch/ReconnectBackoff';

const GROUP = 'argoproj.io';
const VERSION = 'v1alpha1';
const PLURAL = 'applications';
export const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';

type CachingInformer = Informer<ArgoCdApplication> &
  ObjectCache<ArgoCdApplication>;

/** One namespace's Applications: a list+watch, and the Applications it has seen. */
class NamespaceWatch {
  readonly apps = new Map<
    string,
    { app: ArgoCdApplication; fingerprint: string }
  >();
  listed = false;
  lastError?: string;
  informer?: CachingInformer;
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
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private readonly backoffs = new Map<string, ReconnectBackoff>();
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

  /** Keeps the Application and tells of it, when more than Argo CD's bookkeeping changed. */
  private remember(
    namespace: string,
    watch: NamespaceWatch,
    app: ArgoCdApplication,
  ) {
    const fingerprint = applicationFingerprint(app);
    const known = watch.apps.get(app.metadata.name);
    watch.apps.set(app.metadata.name, { app, fingerprint });
    if (known?.fingerprint !== fingerprint)
      this.changed(namespace, app, false, known?.app);
  }

  private startInformer(namespace: string, watch: NamespaceWatch) {
    if (this.stopped) return;
    const key = namespace;
    let kubeConfig;
    try {
      kubeConfig = this.options.connection.kubeConfig();
    } catch (error) {
      this.failed(namespace, watch, error);
      return;
    }
    const api = kubeConfig.makeApiClient(CustomObjectsApi);
    const path = `/apis/${GROUP}/${VERSION}/namespaces/${encodeURIComponent(
      namespace,
    )}/${PLURAL}`;
    // Assigned below; the list function runs only once the informer exists.
    // eslint-disable-next-line prefer-const
    let informer: CachingInformer;
    // Every (re)list is a full view: Applications deleted meanwhile are forgotten here.
    const list = async () => {
      const result: any = await api.listNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural: PLURAL,
      });
      // Stopped while listing: failing here keeps the informer from starting a watch.
      if (this.stopped || watch.informer !== informer)
        throw new Error('stopped');
      const items: ArgoCdApplication[] = result.items ?? [];
      const live = new Set(items.map(item => item.metadata.name));
      for (const [name, { app }] of [...watch.apps]) {
        if (live.has(name)) continue;
        watch.apps.delete(name);
        this.changed(namespace, app, true);
      }
      for (const item of items) this.remember(namespace, watch, item);
      watch.listed = true;
      watch.lastError = undefined;
      this.backoffOf(key).connected();
      watch.settle();
      return result;
    };
    informer = makeInformer<ArgoCdApplication>(
      kubeConfig,
      path,
      list as any,
    ) as CachingInformer;
    watch.informer = informer;
    const onObject = (app: ArgoCdApplication) =>
      this.remember(namespace, watch, app);
    informer.on('add', onObject);
    informer.on('update', onObject);
    informer.on('delete', app => {
      // A relist may have forgotten it already.
      if (!watch.apps.delete(app.metadata.name)) return;
      this.changed(namespace, app, true);
    });
    const restart = (error: unknown) => {
      if (watch.informer !== informer) return;
      watch.informer = undefined;
      void informer.stop();
      this.failed(namespace, watch, error);
    };
    informer.on('error', restart);
    informer.start().catch(restart);
  }

  private backoffOf(namespace: string): ReconnectBackoff {
    let backoff = this.backoffs.get(namespace);
    if (!backoff) {
      backoff = new ReconnectBackoff();
      this.backoffs.set(namespace, backoff);
    }
    return backoff;
  }

  private failed(namespace: string, watch: NamespaceWatch, error: unknown) {
    watch.lastError = describe(error);
    watch.settle();
    if (this.stopped) return;
    const delay = this.backoffOf(namespace).failed();
    this.options.logger.warn(
      `Watching Argo CD Applications in namespace ${namespace} of cluster ${this.cluster} failed (${watch.lastError}); retrying in ${delay} ms`,
    );
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (!this.stopped) this.startInformer(namespace, watch);
    }, delay);
    this.restartTimers.add(timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.restartTimers) clearTimeout(timer);
    this.restartTimers.clear();
    const informers = [...this.namespaces.values()]
      .map(watch => watch.informer)
      .filter((i): i is CachingInformer => !!i);
    for (const watch of this.namespaces.values()) {
      watch.informer = undefined;
      watch.settle();
    }
    await Promise.allSettled(informers.map(i => i.stop()));
  }
}

/** An error as a short message: client-node's ApiException carries the HTTP code and body. */
function describe(error: unknown): string {
  const e = error as any;
  const code = e?.code ?? e?.statusCode;
  if (typeof code === 'number') {
    let reason: string | undefined;
    try {
      reason = JSON.parse(e.body)?.message;
    } catch {
      reason = undefined;
    }
    return `HTTP ${code}${reason ? `: ${reason}` : ''}`;
  }
  return e?.message ?? String(error);
}
