import type { ResourceType } from './resourceTypes';

/** Whether kubectl asked for server-side printing (`kubectl get` does). */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

const STEP =
  /\.([A-Za-z0-9_-]+)|\[\?\(@\.([A-Za-z0-9_.-]+)\s*==\s*["']([^"']*)["']\)\]|\[(\d+)\]/g;

/** The subset of JSONPath that CRD printer columns use: fields, indexes, equality filters. */
export function evaluateJsonPath(object: unknown, path: string): unknown {
  let values: unknown[] = [object];
  for (const [, field, filterKey, filterValue, index] of path.matchAll(STEP)) {
    values = values.flatMap(value => {
      if (value === null || typeof value !== 'object') return [];
      if (field !== undefined) {
        const next = (value as any)[field];
        return next === undefined ? [] : [next];
      }
      if (index !== undefined)
        return Array.isArray(value) && value[Number(index)] !== undefined
          ? [value[Number(index)]]
          : [];
      if (!Array.isArray(value)) return [];
      return value.filter(
        item => String(evaluateJsonPath(item, `.${filterKey}`)) === filterValue,
      );
    });
  }
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values.join(',');
}

/** "5s", "3m", "2h", "4d": how kubectl shows ages. */
export function age(timestamp: unknown, now = Date.now()): string {
  if (typeof timestamp !== 'string') return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/** A `meta.k8s.io/v1` Table of objects, with the type's printer columns (else Age). */
export function toTable(
  type: ResourceType,
  items: any[],
  metadata: Record<string, unknown>,
) {
  const columns = type.printerColumns?.length
    ? type.printerColumns
    : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: [
      {
        name: 'Name',
        type: 'string',
        format: 'name',
        description: 'Name of the object',
        priority: 0,
      },
      ...columns.map(c => ({
        name: c.name,
        type: c.type === 'date' ? 'string' : c.type,
        format: '',
        description: '',
        priority: 0,
      })),
    ],
    rows: items.map(item => ({
      cells: [
        item.metadata.name,
        ...columns.map(c => {
          const value = evaluateJsonPath(item, c.jsonPath);
          if (c.type === 'date') return value === undefined ? '' : age(value);
          return value === undefined ? '' : value;
        }),
      ],
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: item.metadata,
      },
    })),
  };
}
