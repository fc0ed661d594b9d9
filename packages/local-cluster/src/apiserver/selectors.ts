import {
  LabelMatcher,
  parseLabelSelectorRequirements,
} from '@tekton-dag/plugin-tekton-dag-common';
import { badRequest } from './errors';

/** A parsed label selector: every requirement must hold. */
export type LabelSelector = LabelMatcher[];

/**
 * Parses a `labelSelector` query parameter (Kubernetes label selector syntax; none or an empty
 * one selects everything), answering 400 Bad Request for a requirement it cannot read.
 */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  try {
    return parseLabelSelectorRequirements(text ?? '');
  } catch (error) {
    throw badRequest((error as Error).message);
  }
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
