import type { Param, ParamSpec, ParamValue } from '../tekton/types';

/** What is wrong with one param, for callers that answer each kind differently. */
export interface RunParamProblem {
  param: string;
  kind: 'unknown' | 'missing' | 'type' | 'enum' | 'keys';
  message: string;
}

export interface RunParamsResult {
  /** Every param of the Pipeline, given or defaulted, in the Pipeline's order. */
  params: Param[];
  /** One sentence per problem; empty when the params are valid. */
  errors: string[];
  /** The same problems, each with its param and kind. */
  problems: RunParamProblem[];
}

function typeOf(value: unknown): 'string' | 'array' | 'object' | undefined {
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value))
    return value.every(v => typeof v === 'string') ? 'array' : undefined;
  if (value && typeof value === 'object') {
    return Object.values(value).every(v => typeof v === 'string')
      ? 'object'
      : undefined;
  }
  return undefined;
}

/**
 * Checks the params of a new run against the Pipeline's `spec.params`, as Tekton would, but
 * before anything is created: unknown names, values of the wrong type, missing required params,
 * values outside an `enum`, and object keys the param does not declare. Defaults fill the rest.
 * Used by the backend (which answers 400 with the errors) and by the run dialog.
 */
export function validateRunParams(
  specs: ParamSpec[] | undefined,
  given: Record<string, unknown> | undefined,
): RunParamsResult {
  const problems: RunParamProblem[] = [];
  const report = (
    param: string,
    kind: RunParamProblem['kind'],
    message: string,
  ) => problems.push({ param, kind, message });
  const declared = new Map((specs ?? []).map(spec => [spec.name, spec]));
  for (const name of Object.keys(given ?? {})) {
    if (!declared.has(name)) {
      const known = [...declared.keys()];
      report(
        name,
        'unknown',
        `Unknown param "${name}"; the pipeline takes ${
          known.length ? known.map(k => `"${k}"`).join(', ') : 'no params'
        }`,
      );
    }
  }
  const params: Param[] = [];
  for (const spec of specs ?? []) {
    const expected =
      spec.type ?? (typeOf(spec.default) === 'array' ? 'array' : 'string');
    const has =
      given !== undefined &&
      Object.prototype.hasOwnProperty.call(given, spec.name);
    const value = has ? given![spec.name] : spec.default;
    if (value === undefined) {
      report(spec.name, 'missing', `Param "${spec.name}" is required`);
      continue;
    }
    const actual = typeOf(value);
    if (actual !== expected) {
      report(
        spec.name,
        'type',
        `Param "${spec.name}" must be ${
          expected === 'string' ? 'a string' : `an ${expected} of strings`
        }`,
      );
      continue;
    }
    if (
      expected === 'string' &&
      spec.enum?.length &&
      !spec.enum.includes(value as string)
    ) {
      report(
        spec.name,
        'enum',
        `Param "${spec.name}" must be one of ${spec.enum
          .map(e => `"${e}"`)
          .join(', ')}`,
      );
      continue;
    }
    if (expected === 'object' && spec.properties) {
      const extra = Object.keys(value as object).filter(
        key => !(key in spec.properties!),
      );
      if (extra.length) {
        report(
          spec.name,
          'keys',
          `Param "${spec.name}" has unknown keys ${extra
            .map(k => `"${k}"`)
            .join(', ')}`,
        );
        continue;
      }
    }
    params.push({ name: spec.name, value: value as ParamValue });
  }
  return { params, errors: problems.map(p => p.message), problems };
}
