import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { GitOpsSource } from '@tekton-dag/plugin-tekton-dag-common';
import { applicationFingerprint } from './applicationFingerprint';
import type {
  ApplicationChange,
  ApplicationQuery,
  ApplicationRead,
  ApplicationSource,
} from './ApplicationSource';
import {
  ArgoCdApplicationEvent,
  ArgoCdApplicationStream,
} from './ArgoCdApplicationStream';
import { ArgoCdAnswer, ArgoCdHttpClient } from './ArgoCdHttpClient';
import { GitOpsUpstreamError } from './errors';
import { notifyApplicationChange } from './notifyApplicationChange';
import type { ArgoCdInstanceConfig } from './readArgoCdConfig';
import type { ArgoCdApplication } from './toGitOpsApplication';

/** How long an answer is reused: many viewers of one entity cost Argo CD one request. */
const ANSWER_TTL_MS = 5_000;
/** Per REST request. */
const REQUEST_TIMEOUT_MS = 15_000;

/** A read's outcome, cached whole: failures too, so a failing instance is not hammered. */
type Outcome =
  | { ok: true; body: any }
  | { ok: false; status?: number; message: string };

/** An Application as last seen on the watch stream: what a change is compared with. */
interface SeenApplication {
  /** Its name, namespace and labels (whose it was), not all of it: an instance may have thousands. */
  app: ArgoCdApplication;
  fingerprint: string;
}

/**
 * Argo CD Applications through an Argo CD API server (`tektonDag.argocd.instances`), for
 * clusters the portal cannot read. Requests carry the instance's token as a bearer token; it
 * never appears in a message, a log line or a response. Answers are cached for a few seconds
 * per request, so many viewers of the same entity cost Argo CD one request.
 *
 * Watched: from the first read on, one watch stream per instance tells of every change
 * (`onChange`), dropping the cached answers so that pages reloading on it read fresh ones.
 */
export class ArgoCdApiSource implements ApplicationSource {
  readonly source: GitOpsSource;
  private readonly cache = new Map<
    string,
    { expiresAt: number; outcome: Promise<Outcome> }
  >();
  private readonly client: ArgoCdHttpClient;
  private readonly stream: ArgoCdApplicationStream;
  /** By `namespace/name`. */
  private readonly seen = new Map<string, SeenApplication>();
  /**
   * After a reconnect, while Argo CD sends its current state: the Applications seen before that
   * it has not sent again. Those left when it is done were deleted while the stream was down.
   */
  private notSentAgain?: Set<string>;
  private currentStateTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      instance: ArgoCdInstanceConfig;
      logger: LoggerService;
      onChange?: (change: ApplicationChange) => void;
      /**
       * How long the stream stays quiet before the current state Argo CD sends after a
       * reconnect is taken as complete (it sends no end marker); default 2 s.
       */
      currentStateQuietMs?: number;
    },
  ) {
    const { instance } = options;
    this.source = { kind: 'argocd', instance: instance.name };
    this.client = new ArgoCdHttpClient(instance, REQUEST_TIMEOUT_MS);
    this.stream = new ArgoCdApplicationStream({
      client: this.client,
      logger: options.logger,
      onConnected: () => this.connected(),
      onEvent: event => this.received(event),
      onDisconnected: () => this.endCurrentState(false),
    });
  }

  /** A cached GET; concurrent readers share one request. */
  private get(
    path: string,
    query: Record<string, string | undefined>,
    application?: string,
  ): Promise<Outcome> {
    const key = `${path}?${JSON.stringify(query)}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return cached.outcome;
    const outcome = this.client.request('GET', path, query).then(
      (answer): Outcome =>
        answer.status >= 200 && answer.status < 300
          ? { ok: true, body: answer.body }
          : {
              ok: false,
              status: answer.status,
              message: this.client.messageOf(answer, application),
            },
      (error): Outcome => {
        const message = this.client.unreachable(error);
        this.options.logger.warn(message);
        return { ok: false, message };
      },
    );
    this.cache.set(key, {
      expiresAt: now + ANSWER_TTL_MS,
      outcome,
    });
    // Forget old entries now and then; the map holds one per entity query.
    if (this.cache.size > 1000)
      for (const [k, v] of this.cache)
        if (v.expiresAt <= now) this.cache.delete(k);
    return outcome;
  }

  private connected() {
    if (!this.seen.size) return;
    this.notSentAgain = new Set(this.seen.keys());
    this.awaitEndOfCurrentState();
  }

  private awaitEndOfCurrentState() {
    clearTimeout(this.currentStateTimer);
    this.currentStateTimer = setTimeout(
      () => this.endCurrentState(true),
      this.options.currentStateQuietMs ?? 2_000,
    );
  }

  /** The current state is complete (`complete`), or its connection ended before that. */
  private endCurrentState(complete: boolean) {
    clearTimeout(this.currentStateTimer);
    this.currentStateTimer = undefined;
    const gone = this.notSentAgain;
    this.notSentAgain = undefined;
    if (!complete || !gone) return;
    for (const key of gone) {
      const last = this.seen.get(key);
      if (!last) continue;
      this.seen.delete(key);
      this.changed(last.app, true);
    }
  }

  private received({ type, application: app }: ArgoCdApplicationEvent) {
    const key = `${app.metadata.namespace ?? ''}/${app.metadata.name}`;
    if (this.notSentAgain) {
      // Argo CD sends its current state as ADDED events before any change.
      if (type !== 'ADDED') this.endCurrentState(true);
      else {
        this.notSentAgain.delete(key);
        this.awaitEndOfCurrentState();
      }
    }
    const last = this.seen.get(key);
    if (type === 'DELETED') {
      if (!last) return;
      this.seen.delete(key);
      this.changed(app, true, last.app);
      return;
    }
    const fingerprint = applicationFingerprint(app);
    const { name, namespace, labels } = app.metadata;
    this.seen.set(key, {
      app: { metadata: { name, namespace, labels } },
      fingerprint,
    });
    if (last?.fingerprint !== fingerprint) this.changed(app, false, last?.app);
  }

  /** Tells of a change that shows; cached answers no longer do. */
  private changed(
    app: ArgoCdApplication,
    deleted: boolean,
    previous?: ArgoCdApplication,
  ) {
    this.cache.clear();
    notifyApplicationChange(
      this.options.onChange,
      {
        source: this.source,
        namespace: app.metadata.namespace ?? '',
        app,
        previous,
        deleted,
      },
      this.options.logger,
    );
  }

  watch(): void {
    this.stream.start();
  }

  async read(query: ApplicationQuery): Promise<ApplicationRead> {
    this.stream.start();
    const applications = new Map<string, ArgoCdApplication>();
    const errors: ApplicationRead['errors'] = [];
    const appNamespace = query.namespace;
    const reads = query.names.map(async name => {
      const outcome = await this.get(
        `/api/v1/applications/${encodeURIComponent(name)}`,
        { appNamespace },
        name,
      );
      if (outcome.ok) applications.set(name, outcome.body);
      else errors.push({ application: name, message: outcome.message });
    });
    if (query.selector) {
      reads.push(
        (async () => {
          const outcome = await this.get('/api/v1/applications', {
            selector: query.selector,
            appNamespace,
          });
          if (!outcome.ok) {
            errors.push({ message: outcome.message });
            return;
          }
          // Argo CD answers `items: null` when nothing matches.
          for (const app of (outcome.body?.items ?? []) as ArgoCdApplication[])
            applications.set(app.metadata.name, app);
        })(),
      );
    }
    await Promise.all(reads);
    return { applications: [...applications.values()], errors };
  }

  /** A POST or refresh on the user's behalf; errors become API errors. */
  private async act(
    what: string,
    app: ArgoCdApplication,
    send: () => Promise<ArgoCdAnswer>,
  ): Promise<void> {
    let answer: ArgoCdAnswer;
    try {
      answer = await send();
    } catch (error) {
      throw new GitOpsUpstreamError(this.client.unreachable(error));
    } finally {
      // Whatever happened, the next read asks Argo CD again.
      this.cache.clear();
    }
    if (answer.status >= 200 && answer.status < 300) return;
    const message = this.client.messageOf(answer, app.metadata.name);
    if (answer.status === 404) throw new NotFoundError(message);
    if (/another operation is already in progress/i.test(message))
      throw new ConflictError(
        `Argo CD Application "${app.metadata.name}" is already running an operation`,
      );
    this.options.logger.warn(`Asking for a ${what}: ${message}`);
    throw new GitOpsUpstreamError(message);
  }

  async sync(
    app: ArgoCdApplication,
    options: { revision?: string; user?: string },
  ): Promise<void> {
    // Argo CD records the token's account as the initiator; it takes no user name.
    await this.act('sync', app, () =>
      this.client.request(
        'POST',
        `/api/v1/applications/${encodeURIComponent(app.metadata.name)}/sync`,
        {},
        {
          ...(options.revision ? { revision: options.revision } : {}),
          ...(app.metadata.namespace
            ? { appNamespace: app.metadata.namespace }
            : {}),
        },
      ),
    );
  }

  async refresh(app: ArgoCdApplication): Promise<void> {
    await this.act('refresh', app, () =>
      this.client.request(
        'GET',
        `/api/v1/applications/${encodeURIComponent(app.metadata.name)}`,
        { refresh: 'normal', appNamespace: app.metadata.namespace },
      ),
    );
  }

  async stop(): Promise<void> {
    this.stream.stop();
    this.endCurrentState(false);
    this.cache.clear();
    this.client.destroy();
  }
}
