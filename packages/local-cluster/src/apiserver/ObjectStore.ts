import { randomBytes, randomUUID } from 'crypto';
import {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  invalid,
  notFound,
} from './errors';
import {
  BUILT_IN_TYPES,
  ResourceType,
  groupVersionOf,
  typeKey,
  typesFromCrd,
} from './resourceTypes';
import { FieldSelector, LabelSelector, matches } from './selectors';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent {
  type: WatchEventType;
  object: any;
}

interface StoredEvent {
  resourceVersion: number;
  key: string;
  type: Exclude<WatchEventType, 'BOOKMARK'>;
  object: any;
  previous?: any;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  /** Start after this version; undefined or "0" starts with ADDED events for what exists. */
  resourceVersion?: string;
}

interface Watcher {
  key: string;
  options: WatchOptions;
  send(event: WatchEvent): void;
  close(): void;
}

export interface ListOptions {
  namespace?: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  limit?: number;
  continueToken?: string;
}

export type ChangeListener = (
  event: StoredEvent & { resourceType: ResourceType },
) => void;

const clone = <T>(value: T): T =>
  value === undefined ? value : structuredClone(value);
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const objectKey = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Everything but metadata and status: what `metadata.generation` counts changes of. */
function specOf(object: any) {
  const { metadata: _m, status: _s, ...rest } = object;
  return JSON.stringify(rest);
}

/**
 * The API server's storage: objects by type, namespace and name, one resourceVersion counter
 * for all of them, and a bounded history of changes that watches resume from. A watch that
 * asks for a version older than the history gets 410 Gone, as from a real API server.
 */
export class ObjectStore {
  private readonly types = new Map<string, ResourceType>();
  private readonly objects = new Map<string, Map<string, any>>();
  private history: StoredEvent[] = [];
  /** Watches may resume from any version at or after this one. */
  private oldestResumable = 0;
  private version = 0;
  private readonly watchers = new Set<Watcher>();
  private readonly listeners = new Set<ChangeListener>();

  constructor(private readonly historyLimit = 5000) {
    for (const type of BUILT_IN_TYPES) this.registerType(type);
  }

  get resourceVersion(): string {
    return String(this.version);
  }

  // --- types --------------------------------------------------------------------------

  registerType(type: ResourceType) {
    const key = typeKey(type.group, type.version, type.plural);
    this.types.set(key, type);
    if (!this.objects.has(key)) this.objects.set(key, new Map());
  }

  allTypes(): ResourceType[] {
    return [...this.types.values()];
  }

  findType(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.types.get(typeKey(group, version, plural));
  }

  findTypeByKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.allTypes().find(
      t => groupVersionOf(t) === apiVersion && t.kind === kind,
    );
  }

  private keyOf(type: ResourceType) {
    return typeKey(type.group, type.version, type.plural);
  }

  private bucket(type: ResourceType): Map<string, any> {
    const bucket = this.objects.get(this.keyOf(type));
    if (!bucket) throw notFound(type.plural, '', type.group);
    return bucket;
  }

  // --- reads --------------------------------------------------------------------------

  get(type: ResourceType, namespace: string | undefined, name: string): any {
    const object = this.bucket(type).get(
      objectKey(type.namespaced ? namespace : undefined, name),
    );
    if (!object) throw notFound(type.plural, name, type.group);
    return clone(object);
  }

  tryGet(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): any | undefined {
    return clone(
      this.bucket(type).get(
        objectKey(type.namespaced ? namespace : undefined, name),
      ),
    );
  }

  list(type: ResourceType, options: ListOptions) {
    const sorted = [...this.bucket(type).entries()]
      .filter(
        ([, o]) =>
          !options.namespace || o.metadata.namespace === options.namespace,
      )
      .filter(([, o]) =>
        matches(o, options.labelSelector, options.fieldSelector),
      )
      .sort(([a], [b]) => (a < b ? -1 : Number(a > b))); // code-point order, as continue tokens compare
    let start = 0;
    let listVersion = this.resourceVersion;
    if (options.continueToken) {
      let token: { after: string; rv: string };
      try {
        token = JSON.parse(
          Buffer.from(options.continueToken, 'base64url').toString(),
        );
      } catch {
        throw badRequest('invalid continue token');
      }
      start = sorted.findIndex(([key]) => key > token.after);
      if (start < 0) start = sorted.length;
      listVersion = token.rv;
    }
    const end =
      options.limit && options.limit > 0
        ? start + options.limit
        : sorted.length;
    const page = sorted.slice(start, end);
    const remaining = sorted.length - Math.min(end, sorted.length);
    return {
      items: page.map(([, o]) => clone(o)),
      resourceVersion: listVersion,
      continue:
        remaining > 0
          ? Buffer.from(
              JSON.stringify({
                after: page[page.length - 1][0],
                rv: listVersion,
              }),
            ).toString('base64url')
          : undefined,
      remainingItemCount: remaining > 0 ? remaining : undefined,
    };
  }

  // --- writes -------------------------------------------------------------------------

  create(type: ResourceType, namespace: string | undefined, input: any): any {
    const object = clone(input) ?? {};
    const apiVersion = groupVersionOf(type);
    if (object.kind && object.kind !== type.kind) {
      throw badRequest(
        `the kind of the object (${object.kind}) does not match the URL (${type.kind})`,
      );
    }
    object.apiVersion = apiVersion;
    object.kind = type.kind;
    const metadata = (object.metadata ??= {});
    if (type.namespaced) {
      if (!namespace) throw badRequest(`a ${type.kind} needs a namespace`);
      if (metadata.namespace && metadata.namespace !== namespace) {
        throw badRequest(
          `the namespace of the provided object (${metadata.namespace}) does not match the namespace sent on the request (${namespace})`,
        );
      }
      metadata.namespace = namespace;
      if (
        !this.tryGet(
          this.findType('', 'v1', 'namespaces')!,
          undefined,
          namespace,
        )
      ) {
        throw notFound('namespaces', namespace);
      }
    } else {
      delete metadata.namespace;
    }
    if (!metadata.name && metadata.generateName) {
      const bucket = this.bucket(type);
      do {
        metadata.name = `${metadata.generateName}${randomBytes(4)
          .toString('hex')
          .slice(0, 5)}`;
      } while (bucket.has(objectKey(metadata.namespace, metadata.name)));
    }
    if (!metadata.name)
      throw invalid(
        type.kind,
        '',
        'metadata.name: Required value: name or generateName is required',
      );
    if (metadata.name.length > 253 || !DNS_SUBDOMAIN.test(metadata.name)) {
      throw invalid(
        type.kind,
        metadata.name,
        `metadata.name: Invalid value: "${metadata.name}": must be a lowercase RFC 1123 subdomain`,
      );
    }
    const key = objectKey(metadata.namespace, metadata.name);
    if (this.bucket(type).has(key))
      throw alreadyExists(type.plural, metadata.name, type.group);
    if (type.statusSubresource && type.kind !== 'CustomResourceDefinition')
      delete object.status;
    metadata.uid = randomUUID();
    metadata.creationTimestamp = now();
    metadata.generation = 1;
    delete metadata.deletionTimestamp;
    if (type.kind === 'CustomResourceDefinition') this.onCrdWritten(object);
    if (type.kind === 'Namespace') object.status = { phase: 'Active' };
    // The API server's default for a Secret without a type.
    if (type.kind === 'Secret' && !object.type) object.type = 'Opaque';
    return this.commit(type, key, 'ADDED', object);
  }

  /** Replaces an object (PUT). With `subresource: 'status'` only its status changes. */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    input: any,
    subresource?: 'status',
  ): any {
    const current = this.get(type, namespace, name);
    const sent = clone(input) ?? {};
    const sentVersion = sent.metadata?.resourceVersion;
    if (sentVersion && sentVersion !== current.metadata.resourceVersion) {
      throw conflict(type.plural, name, type.group);
    }
    if (sent.metadata?.name && sent.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${sent.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    let next: any;
    if (subresource === 'status') {
      next = { ...current, status: sent.status };
    } else {
      next = {
        ...sent,
        apiVersion: current.apiVersion,
        kind: current.kind,
        metadata: {
          ...sent.metadata,
          name: current.metadata.name,
          namespace: current.metadata.namespace,
          uid: current.metadata.uid,
          creationTimestamp: current.metadata.creationTimestamp,
          generation: current.metadata.generation,
          deletionTimestamp: current.metadata.deletionTimestamp,
        },
      };
      if (type.statusSubresource && type.kind !== 'CustomResourceDefinition') {
        if (current.status === undefined) delete next.status;
        else next.status = current.status;
      }
      if (specOf(next) !== specOf(current))
        next.metadata.generation = current.metadata.generation + 1;
    }
    if (type.kind === 'CustomResourceDefinition') this.onCrdWritten(next);
    if (
      JSON.stringify({
        ...next,
        metadata: { ...next.metadata, resourceVersion: undefined },
      }) ===
      JSON.stringify({
        ...current,
        metadata: { ...current.metadata, resourceVersion: undefined },
      })
    ) {
      return current; // no-op updates do not bump the version, as in Kubernetes
    }
    return this.commit(
      type,
      objectKey(current.metadata.namespace, name),
      'MODIFIED',
      next,
      current,
    );
  }

  /** Deletes an object and, through ownerReferences, everything it owns. */
  delete(type: ResourceType, namespace: string | undefined, name: string): any {
    const current = this.get(type, namespace, name);
    const key = objectKey(current.metadata.namespace, name);
    this.bucket(type).delete(key);
    current.metadata.deletionTimestamp = now();
    const deleted = this.commit(type, key, 'DELETED', current);
    this.deleteDependents(current);
    if (type.kind === 'CustomResourceDefinition') this.onCrdDeleted(current);
    return deleted;
  }

  private deleteDependents(owner: any) {
    const uid = owner.metadata.uid;
    for (const type of this.allTypes()) {
      const bucket = this.objects.get(this.keyOf(type))!;
      for (const object of [...bucket.values()]) {
        const owned = (object.metadata.ownerReferences ?? []).some(
          (r: any) => r.uid === uid,
        );
        const inDeletedNamespace =
          owner.kind === 'Namespace' &&
          object.metadata.namespace === owner.metadata.name;
        if (
          (owned || inDeletedNamespace) &&
          bucket.has(objectKey(object.metadata.namespace, object.metadata.name))
        ) {
          this.delete(type, object.metadata.namespace, object.metadata.name);
        }
      }
    }
  }

  private onCrdWritten(crd: any) {
    const types = typesFromCrd(crd);
    if (!types.length || types.some(t => !t.group || !t.plural || !t.kind)) {
      throw invalid(
        'CustomResourceDefinition',
        crd.metadata?.name ?? '',
        'spec: group, names.kind, names.plural and versions are required',
      );
    }
    for (const type of types) this.registerType(type);
    crd.status = {
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          lastTransitionTime: now(),
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          lastTransitionTime: now(),
        },
      ],
      acceptedNames: crd.spec.names,
      storedVersions: types.map(t => t.version),
    };
  }

  private onCrdDeleted(crd: any) {
    for (const type of typesFromCrd(crd)) {
      const key = this.keyOf(type);
      for (const object of [...(this.objects.get(key)?.values() ?? [])]) {
        this.delete(type, object.metadata.namespace, object.metadata.name);
      }
      this.types.delete(key);
      this.objects.delete(key);
    }
  }

  private commit(
    type: ResourceType,
    key: string,
    eventType: StoredEvent['type'],
    object: any,
    previous?: any,
  ): any {
    this.version += 1;
    object.metadata.resourceVersion = String(this.version);
    if (eventType !== 'DELETED') this.bucket(type).set(key, object);
    const event: StoredEvent = {
      resourceVersion: this.version,
      key: this.keyOf(type),
      type: eventType,
      object: clone(object),
      previous: clone(previous),
    };
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(
        0,
        this.history.length - this.historyLimit,
      );
      this.oldestResumable = dropped[dropped.length - 1].resourceVersion;
    }
    for (const watcher of this.watchers) {
      if (watcher.key === event.key) this.deliver(watcher, event);
    }
    for (const listener of this.listeners)
      listener({ ...event, resourceType: type });
    return clone(object);
  }

  // --- watches ------------------------------------------------------------------------

  private deliver(watcher: Watcher, event: StoredEvent) {
    const { namespace, labelSelector, fieldSelector } = watcher.options;
    const inScope = (o: any) =>
      !!o &&
      (!namespace || o.metadata.namespace === namespace) &&
      matches(o, labelSelector, fieldSelector);
    const isIn = inScope(event.object);
    const wasIn = event.type === 'MODIFIED' && inScope(event.previous);
    if (isIn) watcher.send({ type: event.type, object: clone(event.object) });
    else if (wasIn)
      watcher.send({ type: 'DELETED', object: clone(event.object) });
  }

  /** Starts a watch; returns a function that ends it. Throws 410 Gone for a version too old. */
  watch(
    type: ResourceType,
    options: WatchOptions,
    send: (e: WatchEvent) => void,
    onClose: () => void,
  ) {
    const watcher: Watcher = {
      key: this.keyOf(type),
      options,
      send,
      close: onClose,
    };
    const from = options.resourceVersion;
    if (!from || from === '0') {
      for (const object of this.list(type, { ...options }).items)
        send({ type: 'ADDED', object });
    } else {
      const version = Number(from);
      if (!Number.isInteger(version))
        throw badRequest(`invalid resourceVersion "${from}"`);
      if (version < this.oldestResumable) {
        throw expired(
          `too old resource version: ${version} (${this.oldestResumable + 1})`,
        );
      }
      for (const event of this.history) {
        if (event.resourceVersion > version && event.key === watcher.key)
          this.deliver(watcher, event);
      }
    }
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /**
   * Forgets the change history and ends every watch, as an API server does after compaction:
   * watchers that resume from their last version get 410 Gone and must list again.
   */
  expireWatchHistory() {
    this.history = [];
    this.oldestResumable = this.version + 1;
    for (const watcher of [...this.watchers]) {
      this.watchers.delete(watcher);
      watcher.close();
    }
  }

  /** Ends every watch (e.g. when the server stops). */
  closeAllWatches() {
    for (const watcher of [...this.watchers]) {
      this.watchers.delete(watcher);
      watcher.close();
    }
  }

  /** Controllers inside the cluster (the Tekton executor, the Argo CD syncer) listen here. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- persistence --------------------------------------------------------------------

  snapshot() {
    const objects: Array<{ type: string; object: any }> = [];
    for (const [key, bucket] of this.objects) {
      for (const object of bucket.values()) objects.push({ type: key, object });
    }
    return { version: this.version, objects };
  }

  restore(snapshot: {
    version: number;
    objects: Array<{ type: string; object: any }>;
  }) {
    // CRDs first, so that the types of the other objects exist.
    const crds = snapshot.objects.filter(
      o => o.object.kind === 'CustomResourceDefinition',
    );
    for (const { object } of crds)
      for (const type of typesFromCrd(object)) this.registerType(type);
    for (const { type, object } of snapshot.objects) {
      if (!this.objects.has(type)) continue;
      this.objects
        .get(type)!
        .set(
          objectKey(object.metadata.namespace, object.metadata.name),
          object,
        );
    }
    this.version = snapshot.version;
    this.oldestResumable = snapshot.version;
  }
}
