import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  Informer,
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
  makeInformer,
  ObjectCache,
} from '@kubernetes/client-node';
import { ReconnectBackoff } from './ReconnectBackoff';

type CachingInformer<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

export interface SupervisedInformerOptions<T extends KubernetesObject> {
  /** What is watched, for log lines: e.g. `pipelineruns/shop on cluster local`. */
  name: string;
  /** The cluster's client configuration; may throw (a local kubeconfig not written yet). */
  kubeConfig: () => KubeConfig;
  /** The watch path, e.g. `/apis/tekton.dev/v1/namespaces/shop/pipelineruns`. */
  path: string;
  /** Lists the objects (client-node's list call for the path). */
  list: (kubeConfig: KubeConfig) => Promise<KubernetesListObject<T>>;
  /**
   * Runs after every successful list, before the informer applies it: a full view of what
   * exists. May throw to fail the list (it is retried with backoff).
   */
  onList?: (
    items: T[],
    listedAt: Date,
    /** The list's resourceVersion: what it shows is the state as of that version. */
    resourceVersion?: string,
  ) => Promise<void> | void;
  onObject?: (object: T) => void;
  onDelete?: (object: T) => void;
  /** The watch failed; it is restarted (with a new list) after a backoff. */
  onDown?: (error: unknown) => void;
  logger: LoggerService;
  backoff?: ReconnectBackoff;
}

/**
 * A list+watch (client-node's informer) kept alive: a watch that fails (the API server going
 * away, a 401, a list that errors) is replaced by a new informer after a jittered, growing
 * delay, which lists again. An informer that is stopped or replaced while its list is in
 * flight fails that list, so it can never open a watch nobody would stop. The tracker and the
 * Argo CD Application source both watch through this.
 */
export class SupervisedInformer<T extends KubernetesObject> {
  private current?: CachingInformer<T>;
  private listed?: CachingInformer<T>;
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private readonly backoff: ReconnectBackoff;

  constructor(private readonly options: SupervisedInformerOptions<T>) {
    this.backoff = options.backoff ?? new ReconnectBackoff();
  }

  /** The informer's cache once it has listed (undefined before, and while restarting). */
  get cache(): ObjectCache<T> | undefined {
    return this.listed;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.startInformer();
  }

  private startInformer() {
    if (this.stopped) return;
    let kubeConfig: KubeConfig;
    try {
      kubeConfig = this.options.kubeConfig();
    } catch (error) {
      this.restartLater(error);
      return;
    }
    // Assigned below; the list function runs only once the informer exists.
    // eslint-disable-next-line prefer-const
    let informer: CachingInformer<T>;
    const list = async () => {
      const listedAt = new Date();
      const result = await this.options.list(kubeConfig);
      // Stopped or replaced while listing: failing here keeps it from starting a watch.
      if (this.current !== informer) throw new Error('stopped');
      await this.options.onList?.(
        result.items ?? [],
        listedAt,
        result.metadata?.resourceVersion,
      );
      if (this.current !== informer) throw new Error('stopped');
      this.backoff.connected();
      // The informer fills its cache from this list right after it returns.
      setImmediate(() => {
        if (this.current === informer) this.listed = informer;
      });
      return result;
    };
    informer = makeInformer<T>(kubeConfig, this.options.path, list);
    this.current = informer;
    // Events of a stopped or replaced informer are dropped: client-node opens the watch
    // before it can be aborted, so a stop() at that moment leaves a watch that still talks.
    const { onObject, onDelete } = this.options;
    if (onObject) {
      const forward = (object: T) => {
        if (this.current === informer) onObject(object);
      };
      informer.on('add', forward);
      informer.on('update', forward);
    }
    if (onDelete)
      informer.on('delete', object => {
        if (this.current === informer) onDelete(object);
      });
    // Either path (an error event, or start() rejecting) replaces the informer once.
    const restart = (error: unknown) => {
      if (this.current !== informer) return;
      this.current = undefined;
      this.listed = undefined;
      void informer.stop();
      this.options.onDown?.(error);
      this.restartLater(error);
    };
    informer.on('error', restart);
    informer.start().catch(restart);
  }

  private restartLater(error: unknown) {
    if (this.stopped) return;
    const delay = this.backoff.failed();
    this.options.logger.warn(
      `Watching ${this.options.name} failed (${describeError(
        error,
      )}); retrying in ${delay} ms`,
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startInformer();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const informer = this.current;
    // Forgotten first, so a list still in flight sees it was stopped.
    this.current = undefined;
    this.listed = undefined;
    await informer?.stop();
  }
}

/** An error in a few words: client-node's ApiException carries the HTTP code and a body. */
export function describeError(error: unknown): string {
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
