/**
 * Tekton's `$(...)` variable references, found in any value of a resource (strings, arrays,
 * nested objects), so validation and the DAG see exactly what Tekton substitutes.
 */

/** `$(tasks.<task>.results.<result>)`, also with `[*]`, `[i]` or `.key` after the result. */
const TASK_RESULT_REF =
  /\$\(\s*tasks\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.results\.([A-Za-z0-9_.-]+?)(\[[^\]]*\]|\.[A-Za-z0-9_-]+)?\s*\)/g;
/** `$(tasks.<task>.status)` and `$(tasks.<task>.reason)`, allowed only in `finally`. */
const TASK_STATUS_REF =
  /\$\(\s*tasks\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.(status|reason)\s*\)/g;
/** `$(params.<name>)`, `$(params.<name>[*])`, `$(params.<name>.<key>)`, `$(params["<name>"])`. */
const PARAM_REF =
  /\$\(\s*params(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\[\s*["']([^"']+)["']\s*\])(\[[^\]]*\]|\.[A-Za-z0-9_-]+)?\s*\)/g;

export interface TaskResultReference {
  task: string;
  result: string;
}

/** Every string inside a value, depth-first. */
export function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') {
    yield value;
  } else if (Array.isArray(value)) {
    for (const item of value) yield* stringsIn(item);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) yield* stringsIn(item);
  }
}

export function findTaskResultReferences(
  value: unknown,
): TaskResultReference[] {
  const found: TaskResultReference[] = [];
  for (const text of stringsIn(value)) {
    for (const match of text.matchAll(TASK_RESULT_REF)) {
      found.push({ task: match[1], result: match[3] });
    }
  }
  return found;
}

export function findTaskStatusReferences(value: unknown): string[] {
  const found: string[] = [];
  for (const text of stringsIn(value)) {
    for (const match of text.matchAll(TASK_STATUS_REF)) found.push(match[1]);
  }
  return found;
}

export function findParamReferences(value: unknown): string[] {
  const found: string[] = [];
  for (const text of stringsIn(value)) {
    for (const match of text.matchAll(PARAM_REF))
      found.push(match[1] ?? match[2]);
  }
  return found;
}
