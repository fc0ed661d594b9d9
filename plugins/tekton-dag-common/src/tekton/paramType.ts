import type { ParamType } from './types';

/** Tekton's type for a param or result value: an array, an object, else a string. */
export function paramTypeOf(value: unknown): ParamType {
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' && value !== null ? 'object' : 'string';
}
