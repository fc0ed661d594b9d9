import http from 'http';
import https from 'https';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { GitOpsSource } from '@tekton-dag/plugin-tekton-dag-common';
import type {
  ApplicationQuery,
  ApplicationRead,
  ApplicationSource,
} from './ApplicationSource';
import { GitOpsUpstreamError } from './errors';
import type { ArgoCdInstanceConfig } from './readArgoCdConfig';
import type { ArgoCdApplication } from './toGitOpsApplication';

interface Answer {
  status: number;
  body: any;
}

/** A read's outcome, cached whole: failures too, so a failing instance is not hammered. */
type Outcome =
  | { ok: true; body: any }
  | { ok: false; status?: number; message: string };

/**
 * Argo CD Applications through an Argo CD API server (`tektonDag.argocd.instances`), for
 * clusters the portal cannot read. Requests carry the instance's token as a bearer token; it
 * never appears in a message, a log line or a response. Answers are cached for a few seconds
 * per request, so many viewers of the same entity cost Argo CD one request. API servers are
 * not watched: a page sees changes when it reads again (and after its own Sync or Refresh).
 */
export class ArgoCdApiSource implements ApplicationSource {
  readonly source: GitOpsSource;
  readonly watched = false;
  private readonly cache = new Map<
    string,
    { expiresAt: number; outcome: Promise<Outcome> }
  >();
  private readonly agent: http.Agent;

  constructor(
    private readonly options: {
      instance: ArgoCdInstanceConfig;
      logger: LoggerService;
      /** How long an answer is reused; default 5 s. */
      cacheTtlMs?: number;
      /** Per request; default 15 s. */
      timeoutMs?: number;
    },
  ) {
    const { instance } = options;
    this.source = { kind: 'argocd', instance: instance.name };
    this.agent = instance.url.startsWith('https:')
      ? new https.Agent({
          keepAlive: true,
          rejectUnauthorized: !instance.skipTLSVerify,
        })
      : new http.Agent({ keepAlive: true });
  }

  private get name() {
    return this.options.instance.name;
  }

  /** Removes the token from text that came from elsewhere (an error, an answer). */
  private scrub(text: string): string {
    const { token } = this.options.instance;
    return token ? text.split(token).join('***') : text;
  }

  private request(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string | undefined> = {},
    body?: object,
  ): Promise<Answer> {
    const url = new URL(
      `${this.options.instance.url.replace(/\/+$/, '')}${path}`,
    );
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, value);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<Answer>((resolve, reject) => {
      const req = client.request(
        url,
        {
          method,
          agent: this.agent,
          timeout: this.options.timeoutMs ?? 15_000,
          headers: {
            Accept: 'application/json',
            Authorization: `Bearer ${this.options.instance.token}`,
            ...(payload
              ? {
                  'Content-Type': 'application/json',
                  'Content-Length': Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: any;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = { message: text.slice(0, 200) };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error('no answer within the timeout')),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A failed answer as a message for the entity's errors or an API error. */
  private messageOf(answer: Answer, application?: string): string {
    if (answer.status === 401 || answer.status === 403)
      return `Argo CD instance "${this.name}" refused the token (${answer.status})`;
    if (answer.status === 404 && application)
      return `Argo CD instance "${this.name}" has no Application "${application}"`;
    const reason = [answer.body?.message, answer.body?.error].find(
      (text): text is string => typeof text === 'string' && text !== '',
    );
    return this.scrub(
      `Argo CD instance "${this.name}" answered ${answer.status}${
        reason ? `: ${reason}` : ''
      }`,
    );
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
    const outcome = this.request('GET', path, query).then(
      (answer): Outcome =>
        answer.status >= 200 && answer.status < 300
          ? { ok: true, body: answer.body }
          : {
              ok: false,
              status: answer.status,
              message: this.messageOf(answer, application),
            },
      (error): Outcome => {
        const message = this.scrub(
          `Argo CD instance "${this.name}" is not reachable: ${
            (error as any)?.code ?? (error as Error)?.message ?? error
          }`,
        );
        this.options.logger.warn(message);
        return { ok: false, message };
      },
    );
    this.cache.set(key, {
      expiresAt: now + (this.options.cacheTtlMs ?? 5_000),
      outcome,
    });
    // Forget old entries now and then; the map holds one per entity query.
    if (this.cache.size > 1000)
      for (const [k, v] of this.cache)
        if (v.expiresAt <= now) this.cache.delete(k);
    return outcome;
  }

  async read(query: ApplicationQuery): Promise<ApplicationRead> {
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
    send: () => Promise<Answer>,
  ): Promise<void> {
    let answer: Answer;
    try {
      answer = await send();
    } catch (error) {
      throw new GitOpsUpstreamError(
        this.scrub(
          `Argo CD instance "${this.name}" is not reachable: ${
            (error as any)?.code ?? (error as Error)?.message ?? error
          }`,
        ),
      );
    } finally {
      // Whatever happened, the next read asks Argo CD again.
      this.cache.clear();
    }
    if (answer.status >= 200 && answer.status < 300) return;
    const message = this.messageOf(answer, app.metadata.name);
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
      this.request(
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
      this.request(
        'GET',
        `/api/v1/applications/${encodeURIComponent(app.metadata.name)}`,
        { refresh: 'normal', appNamespace: app.metadata.namespace },
      ),
    );
  }

  async stop(): Promise<void> {
    this.cache.clear();
    this.agent.destroy();
  }
}
