import { createHash } from 'crypto';
import type { ObjectStore } from './ObjectStore';
import { ResourceType } from './resourceTypes';
import { objectSchema, SHARED_SCHEMAS } from './schemas/fieldValidation';

/**
 * OpenAPI v3 documents per group-version: each kind's schema (a CRD's openAPIV3Schema, or the
 * built-in kinds' in schemas/builtinSchemas.ts) for `kubectl explain`, and operations that take
 * `fieldValidation`, so kubectl leaves field validation to the server (see fieldValidation.ts).
 * A kind without a schema is an object that preserves unknown fields.
 */
function groupVersionPath(group: string, version: string) {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function documentFor(types: ResourceType[]) {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const type of types) {
    const prefix = `/${groupVersionPath(type.group, type.version)}`;
    const gvk = [{ group: type.group, version: type.version, kind: type.kind }];
    const item = type.namespaced
      ? `${prefix}/namespaces/{namespace}/${type.plural}/{name}`
      : `${prefix}/${type.plural}/{name}`;
    const operation = (action: string) => ({
      operationId: `${action}${type.kind}`,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk[0],
      parameters: [
        {
          name: 'fieldValidation',
          in: 'query',
          schema: { type: 'string', uniqueItems: true },
        },
        {
          name: 'fieldManager',
          in: 'query',
          schema: { type: 'string', uniqueItems: true },
        },
      ],
      responses: { '200': { description: 'OK' } },
    });
    paths[item] = {
      get: operation('get'),
      put: operation('put'),
      patch: operation('patch'),
      delete: operation('delete'),
    };
    schemas[`${type.group || 'core'}.${type.version}.${type.kind}`] = {
      ...(objectSchema(type) ?? {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
      }),
      'x-kubernetes-group-version-kind': gvk,
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: { ...SHARED_SCHEMAS, ...schemas } },
  };
}

function byGroupVersion(store: ObjectStore) {
  const groups = new Map<string, ResourceType[]>();
  for (const type of store.allTypes()) {
    const key = groupVersionPath(type.group, type.version);
    groups.set(key, [...(groups.get(key) ?? []), type]);
  }
  return groups;
}

export function openApiV3Root(store: ObjectStore) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [key, types] of byGroupVersion(store)) {
    const hash = createHash('sha256')
      .update(JSON.stringify(types))
      .digest('hex')
      .slice(0, 16);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}

export function openApiV3Document(store: ObjectStore, groupVersion: string) {
  const types = byGroupVersion(store).get(groupVersion);
  return types ? documentFor(types) : undefined;
}
