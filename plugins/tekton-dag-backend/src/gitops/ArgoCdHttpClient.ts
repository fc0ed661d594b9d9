import http from 'http';
import https from 'https';
import type { ArgoCdInstanceConfig } from './readArgoCdConfig';

export interface ArgoCdAnswer {
  status: number;
  body: any;
}

type Query = Record<string, string | undefined>;

/**
 * HTTP to one Argo CD API server: one keep-alive agent with the instance's TLS settings, and the
 * instance's token as a bearer token on every request. The token never appears in a message:
 * `scrub` removes it from any text that came back.
 */
export class ArgoCdHttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly instance: ArgoCdInstanceConfig,
    /** Per request; for streams, connecting only. */
    private readonly timeoutMs: number,
  ) {
    this.agent = instance.url.startsWith('https:')
      ? new https.Agent({
          keepAlive: true,
          rejectUnauthorized: !instance.skipTLSVerify,
        })
      : new http.Agent({ keepAlive: true });
  }

  get name() {
    return this.instance.name;
  }

  /** Removes the token from text that came from elsewhere (an error, an answer). */
  scrub(text: string): string {
    const { token } = this.instance;
    return token ? text.split(token).join('***') : text;
  }

  private open(
    method: 'GET' | 'POST',
    path: string,
    query: Query,
    headers: http.OutgoingHttpHeaders,
  ): http.ClientRequest {
    const url = new URL(`${this.instance.url.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, value);
    const client = url.protocol === 'https:' ? https : http;
    return client.request(url, {
      method,
      agent: this.agent,
      headers: {
        Accept: 'application/json',
        Authorization: `Bearer ${this.instance.token}`,
        ...headers,
      },
    });
  }

  /** A request whose JSON answer is read whole. */
  request(
    method: 'GET' | 'POST',
    path: string,
    query: Query = {},
    body?: object,
  ): Promise<ArgoCdAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<ArgoCdAnswer>((resolve, reject) => {
      const req = this.open(
        method,
        path,
        query,
        payload
          ? {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(payload),
            }
          : {},
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(new Error('no answer within the timeout')),
      );
      req.on('response', res => readAnswer(res).then(resolve, reject));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * A GET whose answer is read as it arrives (a watch stream): the caller listens for
   * `response`, `error` and `close`. Only connecting is timed, since a stream may stay quiet
   * for hours (and Argo CD sends its headers with the first event).
   */
  openStream(path: string): http.ClientRequest {
    const req = this.open('GET', path, {}, {});
    req.on('socket', socket => {
      // A peer that vanished without closing ends the stream through TCP keep-alive probes.
      socket.setKeepAlive(true, 30_000);
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => req.destroy(new Error('could not connect within the timeout')),
        this.timeoutMs,
      );
      socket.once('connect', () => clearTimeout(timer));
      req.once('close', () => clearTimeout(timer));
    });
    req.end();
    return req;
  }

  /** A failed answer as a message for the entity's errors, an API error or a log line. */
  messageOf(answer: ArgoCdAnswer, application?: string): string {
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

  /** An error thrown by a request (a socket error, a timeout) as a message. */
  unreachable(error: unknown): string {
    return this.scrub(
      `Argo CD instance "${this.name}" is not reachable: ${
        (error as any)?.code ?? (error as Error)?.message ?? error
      }`,
    );
  }

  destroy() {
    this.agent.destroy();
  }
}

/** Largest answer read: a list of many large Applications fits. */
const ANSWER_MAX_BYTES = 64 * 1024 * 1024;
/** Largest error answer read. */
const ERROR_ANSWER_MAX_BYTES = 64 * 1024;

/** An answer's status and JSON body; a body that is not JSON becomes `{ message }`. */
export function readAnswer(res: http.IncomingMessage): Promise<ArgoCdAnswer> {
  const status = res.statusCode ?? 0;
  // Bounded memory whatever a server or proxy sends: of an error only the message is used.
  const maxBytes = status >= 300 ? ERROR_ANSWER_MAX_BYTES : ANSWER_MAX_BYTES;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (text: string) => {
      settled = true;
      let parsed: any;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = { message: text.slice(0, 200) };
      }
      resolve({ status, body: parsed });
    };
    res.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      chunks.push(chunk);
      if (size <= maxBytes) return;
      res.destroy();
      if (status >= 300) {
        settle(Buffer.concat(chunks).toString('utf8', 0, maxBytes));
      } else {
        settled = true;
        reject(new Error(`the answer was larger than ${maxBytes} bytes`));
      }
    });
    res.on('error', error => {
      if (!settled) reject(error);
    });
    res.on('end', () => {
      if (!settled) settle(Buffer.concat(chunks).toString('utf8'));
    });
    // After 'end' this changes nothing; without it, a cut-off answer would never settle.
    res.on('close', () => {
      if (!settled) reject(new Error('the answer was cut off'));
    });
  });
}
