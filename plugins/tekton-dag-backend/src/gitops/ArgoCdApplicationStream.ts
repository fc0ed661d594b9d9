import type http from 'http';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ArgoCdHttpClient, readAnswer } from './ArgoCdHttpClient';
import { LineSplitter } from './LineSplitter';
import { ReconnectBackoff } from '../watch/ReconnectBackoff';
import type { ArgoCdApplication } from './toGitOpsApplication';

const STREAM_PATH = '/api/v1/stream/applications';
/** Longest line read, in characters: an Application with many resources is large. */
const MAX_LINE_LENGTH = 16 * 1024 * 1024;

/** One event of Argo CD's watch stream; for DELETED, the Application as it was. */
export interface ArgoCdApplicationEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  application: ArgoCdApplication;
}

/** What a line of the stream says: an event, an error, or nothing (framing, keep-alives). */
export type StreamLine =
  | { event: ArgoCdApplicationEvent }
  | { error: string }
  | undefined;

/**
 * Reads one line of the stream. Argo CD (grpc-gateway) sends one JSON object per line,
 * `{"result": event}` or `{"error": {...}}`; read as Server-Sent Events (as Argo CD's UI does),
 * each `data:` line carries one such object, between blank lines, comments and other fields.
 * Throws on a line that is not JSON.
 */
export function parseStreamLine(line: string): StreamLine {
  let text = line.trim();
  if (text.startsWith('data:')) text = text.slice('data:'.length).trim();
  else if (!text.startsWith('{')) return undefined;
  if (!text) return undefined;
  const message = JSON.parse(text);
  if (message?.error !== undefined) {
    const { error } = message;
    return {
      error:
        (typeof error === 'string' ? error : error?.message) ||
        JSON.stringify(error),
    };
  }
  const event = message?.result;
  if (
    ['ADDED', 'MODIFIED', 'DELETED'].includes(event?.type) &&
    typeof event.application?.metadata?.name === 'string'
  )
    return { event };
  return undefined;
}

/**
 * Argo CD's watch stream of every Application an instance's token may read (`GET
 * /api/v1/stream/applications`), read line by line as it arrives. When started it connects,
 * and after the stream ends or fails it connects again with backoff, until stopped. Each
 * connection starts with an ADDED event per Application (their current state), then tells of
 * changes as they happen.
 */
export class ArgoCdApplicationStream {
  private started = false;
  private stopped = false;
  /** The connection being made or read; a stale one's events are ignored. */
  private current?: http.ClientRequest;
  private retryTimer?: NodeJS.Timeout;
  private readonly backoff = new ReconnectBackoff();

  constructor(
    private readonly options: {
      client: ArgoCdHttpClient;
      logger: LoggerService;
      /** Argo CD accepted a connection: its current state follows as ADDED events. */
      onConnected(): void;
      onEvent(event: ArgoCdApplicationEvent): void;
      /** A connection that had been accepted ended. */
      onDisconnected(): void;
    },
  ) {}

  /** Connects, the first time only. */
  start() {
    if (this.started || this.stopped) return;
    this.started = true;
    this.connect();
  }

  private get client() {
    return this.options.client;
  }

  private connect() {
    if (this.stopped) return;
    const request = this.client.openStream(STREAM_PATH);
    this.current = request;
    let answered = false;
    let accepted = false;
    /** Ends this connection once, and connects again unless stopped. */
    const end = (problem?: string) => {
      if (this.current !== request) return;
      this.current = undefined;
      request.destroy();
      if (accepted) this.options.onDisconnected();
      this.reconnect(problem);
    };
    request.on('error', error => end(this.client.unreachable(error)));
    // Once answered, the answer's own end says how the connection ended.
    request.on('close', () => {
      if (!answered) end();
    });
    request.on('response', response => {
      answered = true;
      if (this.current !== request) return;
      if (response.statusCode !== 200) {
        readAnswer(response).then(
          answer => end(this.client.messageOf(answer)),
          error => end(this.client.unreachable(error)),
        );
        return;
      }
      accepted = true;
      this.backoff.connected();
      this.options.onConnected();
      const lines = new LineSplitter({
        maxLength: MAX_LINE_LENGTH,
        onLine: line => {
          if (this.current === request) this.read(line, end);
        },
        onTooLong: () =>
          this.options.logger.warn(
            `Argo CD instance "${this.client.name}" sent an Application event longer than the limit; skipped it`,
          ),
      });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => lines.push(chunk));
      response.on('error', error => end(this.client.unreachable(error)));
      response.on('close', () => end());
    });
  }

  private read(line: string, end: (problem: string) => void) {
    let parsed: StreamLine;
    try {
      parsed = parseStreamLine(line);
    } catch {
      // Never the line itself in the log: it is whatever the server sent.
      this.options.logger.warn(
        `Argo CD instance "${this.client.name}" sent a stream line that is not JSON; skipped it`,
      );
      return;
    }
    if (!parsed) return;
    if ('error' in parsed) {
      end(
        this.client.scrub(
          `Argo CD instance "${this.client.name}" ended the stream with an error: ${parsed.error}`,
        ),
      );
      return;
    }
    try {
      this.options.onEvent(parsed.event);
    } catch (error) {
      this.options.logger.warn(
        `Handling an event of Argo CD instance "${this.client.name}" failed`,
        error as Error,
      );
    }
  }

  /** After an end (no `problem`) or a failure: connect again after a growing delay. */
  private reconnect(problem?: string) {
    if (this.stopped) return;
    const delay = this.backoff.failed();
    const log = `Watching the Applications of Argo CD instance "${
      this.client.name
    }" ${
      problem ? `failed (${problem})` : 'stopped: the stream ended'
    }; reconnecting in ${delay} ms`;
    // Proxies end idle streams routinely; only failures are worth a warning.
    if (problem) this.options.logger.warn(this.client.scrub(log));
    else this.options.logger.debug(log);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const request = this.current;
    this.current = undefined;
    request?.destroy();
  }
}
