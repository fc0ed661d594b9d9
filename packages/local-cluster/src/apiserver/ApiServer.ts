import http from 'http';
import https from 'https';
import type { AddressInfo } from 'net';
import { timingSafeEqual } from 'crypto';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, unauthorized } from './errors';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  coreVersions,
  versionInfo,
} from './discovery';
import {
  decodeKubernetesProtobuf,
  ProtobufDecodeError,
} from './protobuf/decodeKubernetesProtobuf';
import { ObjectStore, WatchEvent } from './ObjectStore';
import { jsonPatch, mergePatch } from './patch';
import { openApiV3Document, openApiV3Root } from './openapi';
import { objectSchema, unknownFields } from './schemas/fieldValidation';
import { ResourceType, groupVersionOf } from './resourceTypes';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { toTable, wantsTable } from './table';

/** A `pods/<name>/log` request, its query parameters read. */
export interface PodLogRequest {
  namespace: string;
  pod: any;
  container?: string;
  follow: boolean;
  tailLines?: number;
  timestamps: boolean;
}

/** Serves `pods/<name>/log`; the Tekton executor provides the real one. */
export interface PodLogSource {
  stream(request: PodLogRequest, response: http.ServerResponse): Promise<void>;
}

export interface ApiServerOptions {
  store: ObjectStore;
  token: string;
  /** Seconds between watch bookmarks for watches that allow them. */
  bookmarkIntervalSeconds?: number;
  podLogs?: PodLogSource;
  tls: { key: string; cert: string };
}

interface ResourcePath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const MAX_BODY = 16 * 1024 * 1024;

/**
 * An HTTP server speaking the subset of the Kubernetes API that kubectl and
 * @kubernetes/client-node use: discovery, CRUD, patch, list with selectors and paging, watch,
 * the status subresource and pod logs. HTTPS on 127.0.0.1 only; every request needs the bearer
 * token.
 */
export class ApiServer {
  private server?: https.Server;
  private readonly openResponses = new Set<http.ServerResponse>();
  /**
   * Requests served, by `METHOD path` (watches marked): what clients cost the API server,
   * read by tests and the API-load benchmark.
   */
  readonly requestCounts = new Map<string, number>();
  /** Watches open now, by path: how many clients watch what (tests of watch ownership). */
  readonly openWatches = new Map<string, number>();

  constructor(private readonly options: ApiServerOptions) {}

  async listen(port = 0): Promise<string> {
    this.server = https.createServer(this.options.tls, (req, res) => {
      this.handle(req, res).catch(error => this.fail(res, error));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('The API server is not listening');
    return `https://127.0.0.1:${address.port}`;
  }

  async close() {
    this.options.store.closeAllWatches();
    for (const res of this.openResponses) res.destroy();
    await new Promise<void>(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server?.closeAllConnections?.();
  }

  private fail(res: http.ServerResponse, error: unknown) {
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(
            500,
            'InternalError',
            `Internal error occurred: ${(error as Error)?.message ?? error}`,
          );
    if (res.headersSent) {
      res.end();
      return;
    }
    this.send(res, apiError.code, apiError.toStatus());
  }

  /**
   * Server-side field validation, as `fieldValidation` asks (kubectl sends Strict by default):
   * fields the kind's schema does not declare fail a Strict request, and are reported in a
   * Warning header otherwise (Warn, the default); Ignore skips the check.
   */
  private validateFields(
    res: http.ServerResponse,
    query: URLSearchParams,
    type: ResourceType,
    object: unknown,
  ) {
    const mode = query.get('fieldValidation') ?? 'Warn';
    if (mode === 'Ignore') return;
    const schema = objectSchema(type);
    const unknown = schema ? unknownFields(schema, object) : [];
    if (unknown.length === 0) return;
    const fields = unknown.map(f => `unknown field "${f}"`);
    if (mode === 'Strict') {
      throw badRequest(
        `${type.kind} in version "${type.version}" cannot be handled as a ${
          type.kind
        }: strict decoding error: ${fields.join(', ')}`,
      );
    }
    res.setHeader(
      'Warning',
      fields.map(f => `299 - ${JSON.stringify(f)}`),
    );
  }

  private send(res: http.ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private authorized(req: http.IncomingMessage) {
    const header = req.headers.authorization ?? '';
    const match = header.match(/^Bearer\s+(.+)$/i);
    if (!match) return false;
    const given = Buffer.from(match[1]);
    const expected = Buffer.from(this.options.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async readBody(req: http.IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > MAX_BODY)
        throw new ApiError(
          413,
          'RequestEntityTooLarge',
          'request entity too large',
        );
      chunks.push(chunk);
    }
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.includes('protobuf')) {
      // kubectl's typed commands (create namespace|secret|configmap|..., run) send protobuf.
      try {
        return decodeKubernetesProtobuf(Buffer.concat(chunks));
      } catch (error) {
        if (!(error instanceof ProtobufDecodeError)) throw error;
        if (error.unsupportedKind)
          throw new ApiError(415, 'UnsupportedMediaType', error.message);
        throw badRequest(error.message);
      }
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text.trim()) return undefined;
    try {
      return (req.headers['content-type'] ?? '').includes('yaml')
        ? parseYaml(text)
        : JSON.parse(text);
    } catch (error) {
      throw badRequest(
        `the request body could not be decoded: ${(error as Error).message}`,
      );
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (!this.authorized(req)) throw unauthorized();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const counted = `${req.method} ${path}${
      url.searchParams.get('watch') === 'true' ? ' (watch)' : ''
    }`;
    this.requestCounts.set(counted, (this.requestCounts.get(counted) ?? 0) + 1);
    const { store } = this.options;

    if (req.method === 'GET') {
      if (path === '/version') return this.send(res, 200, versionInfo());
      if (path === '/healthz' || path === '/readyz' || path === '/livez') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end('ok');
      }
      if (path === '/api')
        return this.send(
          res,
          200,
          coreVersions(this.url.replace('https://', '')),
        );
      if (path === '/apis') return this.send(res, 200, apiGroupList(store));
      if (path === '/openapi/v3')
        return this.send(res, 200, openApiV3Root(store));
      if (path.startsWith('/openapi/v3/')) {
        const document = openApiV3Document(
          store,
          path.slice('/openapi/v3/'.length),
        );
        if (document) return this.send(res, 200, document);
      }
      if (path === '/api/v1')
        return this.send(res, 200, apiResourceList(store, '', 'v1'));
      const groupMatch = path.match(/^\/apis\/([^/]+)$/);
      if (groupMatch) {
        const group = apiGroup(store, groupMatch[1]);
        if (!group)
          throw new ApiError(
            404,
            'NotFound',
            'the server could not find the requested resource',
          );
        return this.send(res, 200, {
          kind: 'APIGroup',
          apiVersion: 'v1',
          ...group,
        });
      }
      const versionMatch = path.match(/^\/apis\/([^/]+)\/([^/]+)$/);
      if (versionMatch) {
        const list = apiResourceList(store, versionMatch[1], versionMatch[2]);
        if (!list)
          throw new ApiError(
            404,
            'NotFound',
            'the server could not find the requested resource',
          );
        return this.send(res, 200, list);
      }
    }

    const target = this.resolve(path);
    if (!target)
      throw new ApiError(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    return this.handleResource(req, res, url, target);
  }

  private resolve(path: string): ResourcePath | undefined {
    let group = '';
    let apiVersion: string;
    let rest: string[];
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'api' && parts.length >= 3) {
      apiVersion = parts[1];
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 4) {
      group = parts[1];
      apiVersion = parts[2];
      rest = parts.slice(3);
    } else return undefined;

    let namespace: string | undefined;
    if (
      rest[0] === 'namespaces' &&
      rest.length >= 3 &&
      !(
        group === '' &&
        ['status', 'finalize'].includes(rest[2]) &&
        rest.length === 3
      )
    ) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, subresource, ...extra] = rest;
    if (extra.length) return undefined;
    const type = this.options.store.findType(group, apiVersion, plural);
    if (!type) return undefined;
    if (!type.namespaced && namespace) return undefined;
    return { type, namespace, name, subresource };
  }

  private async handleResource(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    { type, namespace, name, subresource }: ResourcePath,
  ) {
    const { store } = this.options;
    const query = url.searchParams;
    if (
      subresource &&
      !(subresource === 'status' && type.statusSubresource) &&
      !(subresource === 'log' && type.kind === 'Pod' && !type.group)
    ) {
      throw new ApiError(
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
    }

    if (!name) {
      const labelSelector = parseLabelSelector(
        query.get('labelSelector') ?? undefined,
      );
      const fieldSelector = parseFieldSelector(
        query.get('fieldSelector') ?? undefined,
      );
      if (
        req.method === 'GET' &&
        ['true', '1'].includes(query.get('watch') ?? '')
      ) {
        return this.watch(req, res, type, {
          namespace,
          labelSelector,
          fieldSelector,
          resourceVersion: query.get('resourceVersion') ?? undefined,
          allowBookmarks: query.get('allowWatchBookmarks') === 'true',
          timeoutSeconds: Number(query.get('timeoutSeconds') ?? 1800),
        });
      }
      if (req.method === 'GET') {
        const limit = Number(query.get('limit') ?? 0);
        const page = store.list(type, {
          namespace,
          labelSelector,
          fieldSelector,
          limit: Number.isFinite(limit) ? limit : 0,
          continueToken: query.get('continue') ?? undefined,
        });
        const listMetadata = {
          resourceVersion: page.resourceVersion,
          continue: page.continue,
          remainingItemCount: page.remainingItemCount,
        };
        if (wantsTable(req.headers.accept)) {
          return this.send(res, 200, toTable(type, page.items, listMetadata));
        }
        return this.send(res, 200, {
          kind: `${type.kind}List`,
          apiVersion: groupVersionOf(type),
          metadata: listMetadata,
          items: page.items,
        });
      }
      if (req.method === 'POST') {
        const body = await this.readBody(req);
        this.validateFields(res, query, type, body);
        return this.send(res, 201, store.create(type, namespace, body));
      }
      if (req.method === 'DELETE') {
        const page = store.list(type, {
          namespace,
          labelSelector,
          fieldSelector,
        });
        for (const item of page.items)
          store.delete(type, item.metadata.namespace, item.metadata.name);
        return this.send(res, 200, {
          kind: `${type.kind}List`,
          apiVersion: groupVersionOf(type),
          metadata: {},
          items: page.items,
        });
      }
      throw new ApiError(
        405,
        'MethodNotAllowed',
        `${req.method} is not supported on a collection`,
      );
    }

    if (subresource === 'log') {
      if (req.method !== 'GET')
        throw new ApiError(
          405,
          'MethodNotAllowed',
          'pods/log only supports GET',
        );
      const pod = store.get(type, namespace, name);
      if (!this.options.podLogs)
        throw badRequest('this cluster keeps no container logs');
      const tail = query.get('tailLines');
      return this.options.podLogs.stream(
        {
          namespace: namespace!,
          pod,
          container: query.get('container') ?? undefined,
          follow: query.get('follow') === 'true',
          tailLines: tail === null ? undefined : Number(tail),
          timestamps: query.get('timestamps') === 'true',
        },
        res,
      );
    }

    const status = subresource === 'status' ? 'status' : undefined;
    switch (req.method) {
      case 'GET': {
        const object = store.get(type, namespace, name);
        if (wantsTable(req.headers.accept) && !subresource) {
          return this.send(
            res,
            200,
            toTable(type, [object], {
              resourceVersion: object.metadata.resourceVersion,
            }),
          );
        }
        return this.send(res, 200, object);
      }
      case 'PUT': {
        const body = await this.readBody(req);
        if (!status) this.validateFields(res, query, type, body);
        return this.send(
          res,
          200,
          store.update(type, namespace, name, body, status),
        );
      }
      case 'PATCH': {
        const body = await this.readBody(req);
        const contentType = (req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim();
        const current = store.get(type, namespace, name);
        let patched: any;
        if (contentType === 'application/json-patch+json')
          patched = jsonPatch(current, body);
        else if (
          contentType === 'application/merge-patch+json' ||
          contentType === 'application/strategic-merge-patch+json'
        ) {
          // Strategic merge is treated as a JSON merge patch: lists are replaced, not merged by key.
          patched = mergePatch(current, body);
        } else {
          throw new ApiError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
          );
        }
        // A patch only conflicts when it names a resourceVersion itself.
        if (!body?.metadata?.resourceVersion && !Array.isArray(body)) {
          patched.metadata.resourceVersion = current.metadata.resourceVersion;
        }
        // A merge patch is checked itself, as the real server does (fields already stored are
        // not its business); a JSON patch by its outcome.
        if (!status)
          this.validateFields(
            res,
            query,
            type,
            Array.isArray(body) ? patched : body,
          );
        return this.send(
          res,
          200,
          store.update(type, namespace, name, patched, status),
        );
      }
      case 'DELETE':
        await this.readBody(req); // DeleteOptions: every propagation policy cascades here
        return this.send(res, 200, store.delete(type, namespace, name));
      default:
        throw new ApiError(
          405,
          'MethodNotAllowed',
          `${req.method} is not supported`,
        );
    }
  }

  private watch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    type: ResourceType,
    options: {
      namespace?: string;
      labelSelector: ReturnType<typeof parseLabelSelector>;
      fieldSelector: ReturnType<typeof parseFieldSelector>;
      resourceVersion?: string;
      allowBookmarks: boolean;
      timeoutSeconds: number;
    },
  ) {
    const { store } = this.options;
    const timers: NodeJS.Timeout[] = [];
    let stop: (() => void) | undefined = undefined;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let open = false;
    const end = () => {
      if (open) {
        open = false;
        const left = (this.openWatches.get(path) ?? 1) - 1;
        if (left > 0) this.openWatches.set(path, left);
        else this.openWatches.delete(path);
      }
      stop?.();
      timers.forEach(clearInterval);
      this.openResponses.delete(res);
      if (!res.writableEnded) res.end();
    };
    const write = (event: WatchEvent) => {
      if (!res.headersSent)
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Transfer-Encoding': 'chunked',
        });
      res.write(`${JSON.stringify(event)}\n`);
    };
    // Throws 410 Gone before anything is written when the version is too old.
    stop = store.watch(type, options, write, end);
    open = true;
    this.openWatches.set(path, (this.openWatches.get(path) ?? 0) + 1);
    if (!res.headersSent)
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Transfer-Encoding': 'chunked',
      });
    // Clients wait for the headers before they read events; send them now, not with the first.
    res.flushHeaders();
    this.openResponses.add(res);
    if (options.allowBookmarks) {
      const bookmark = () =>
        write({
          type: 'BOOKMARK',
          object: {
            kind: type.kind,
            apiVersion: groupVersionOf(type),
            metadata: {
              resourceVersion: store.resourceVersion,
              annotations: { 'k8s.io/initial-events-end': 'true' },
            },
          },
        });
      // At once, so that clients waiting for the first bookmark (kubectl wait) go on.
      bookmark();
      timers.push(
        setInterval(
          bookmark,
          (this.options.bookmarkIntervalSeconds ?? 30) * 1000,
        ),
      );
    }
    if (options.timeoutSeconds > 0)
      timers.push(setTimeout(end, options.timeoutSeconds * 1000));
    req.on('close', end);
  }
}
