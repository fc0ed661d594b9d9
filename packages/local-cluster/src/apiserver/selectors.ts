import { badRequest } from './errors';

/** A parsed label selector: every requirement must hold. */
export type LabelSelector = Array<(labels: Record<string, string>) => boolean>;

/** Splits on commas that are not inside parentheses. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

/**
 * Parses Kubernetes label selector syntax: `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k` (exists) and `!k` (does not exist).
 */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (!text) return [];
  return splitRequirements(text).map(requirement => {
    let match = requirement.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/);
    if (match) {
      const [, key, op, list] = match;
      const values = new Set(
        list
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      );
      return op === 'in'
        ? (labels: Record<string, string>) =>
            key in labels && values.has(labels[key])
        : (labels: Record<string, string>) =>
            !(key in labels) || !values.has(labels[key]);
    }
    match = requirement.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/);
    if (match) {
      const [, key, op, value] = match;
      return op === '!='
        ? (labels: Record<string, string>) => labels[key] !== value
        : (labels: Record<string, string>) => labels[key] === value;
    }
    match = requirement.match(/^(!?)([\w./-]+)$/);
    if (match) {
      const [, not, key] = match;
      return not
        ? (labels: Record<string, string>) => !(key in labels)
        : (labels: Record<string, string>) => key in labels;
    }
    throw badRequest(`unable to parse requirement: "${requirement}"`);
  });
}

export type FieldSelector = Array<(object: any) => boolean>;

const FIELDS: Record<string, (object: any) => string | undefined> = {
  'metadata.name': o => o.metadata?.name,
  'metadata.namespace': o => o.metadata?.namespace,
};

/** Parses a field selector on `metadata.name` and `metadata.namespace` (`=`, `==`, `!=`). */
export function parseFieldSelector(text: string | undefined): FieldSelector {
  if (!text) return [];
  return text
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)
    .map(requirement => {
      const match = requirement.match(/^([\w.]+)\s*(==|=|!=)\s*(.*)$/);
      if (!match) throw badRequest(`invalid field selector: "${requirement}"`);
      const [, field, op, value] = match;
      const read = FIELDS[field];
      if (!read) throw badRequest(`field label not supported: ${field}`);
      return op === '!='
        ? (o: any) => read(o) !== value
        : (o: any) => read(o) === value;
    });
}

export function matches(
  object: any,
  labels: LabelSelector,
  fields: FieldSelector,
): boolean {
  const objectLabels = object.metadata?.labels ?? {};
  return (
    labels.every(test => test(objectLabels)) &&
    fields.every(test => test(object))
  );
}
