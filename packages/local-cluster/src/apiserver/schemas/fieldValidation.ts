import type { ResourceType } from '../resourceTypes';
import {
  BUILTIN_SCHEMAS,
  OBJECT_META,
  OBJECT_META_REF,
  type Schema,
} from './builtinSchemas';

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';

/** Schemas a `$ref` may name (the served documents' components). */
export const SHARED_SCHEMAS: Record<string, Schema> = {
  [OBJECT_META_REF]: OBJECT_META,
};

/** A schema with its `$ref` (or `allOf: [{$ref}]`, as Kubernetes writes them) followed. */
function resolve(schema: Schema): Schema {
  const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
  if (typeof ref !== 'string') return schema;
  const target = SHARED_SCHEMAS[ref.replace('#/components/schemas/', '')];
  return target
    ? { ...target, description: schema.description ?? target.description }
    : schema;
}

/**
 * The whole schema of a kind's objects: its own (a CRD's openAPIV3Schema, or the built-in
 * one), with apiVersion, kind and metadata as every object has them. Undefined when the kind
 * has none (objects are then stored as sent).
 */
export function objectSchema(type: ResourceType): Schema | undefined {
  const own =
    type.schema ??
    BUILTIN_SCHEMAS[`${type.group}/${type.version}/${type.kind}`];
  if (!own) return undefined;
  return {
    ...own,
    properties: {
      apiVersion: {
        type: 'string',
        description:
          'APIVersion defines the versioned schema of this representation of an object.',
      },
      kind: {
        type: 'string',
        description:
          'Kind is a string value representing the REST resource this object represents.',
      },
      metadata: {
        allOf: [{ $ref: `#/components/schemas/${OBJECT_META_REF}` }],
        description: "Standard object's metadata.",
      },
      ...own.properties,
    },
  };
}

/**
 * The fields of a value its schema does not declare, as the API server names them in a strict
 * decoding error (`spec.containers[0].imagee`). Objects that preserve unknown fields, or are
 * described without their fields, accept anything; their declared fields are still checked.
 */
export function unknownFields(
  schemaIn: Schema,
  value: unknown,
  path = '',
): string[] {
  const schema = resolve(schemaIn);
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    if (!schema.items) return [];
    return value.flatMap((item, index) =>
      unknownFields(schema.items, item, `${path}[${index}]`),
    );
  }
  const found: string[] = [];
  const properties: Record<string, Schema> | undefined = schema.properties;
  const additional = schema.additionalProperties;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${key}` : key;
    if (properties && key in properties) {
      found.push(...unknownFields(properties[key], child, childPath));
    } else if (additional && typeof additional === 'object') {
      found.push(...unknownFields(additional, child, childPath));
    } else if (properties && !schema[PRESERVE] && additional !== true) {
      found.push(childPath);
    }
  }
  return found;
}
