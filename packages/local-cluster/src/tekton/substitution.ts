/**
 * Tekton's variable substitution: `$(params.x)`, `$(params.arr[*])`, `$(params.obj.key)`,
 * `$(tasks.t.results.r)`, `$(context.pipelineRun.name)`, `$(workspaces.w.path)`,
 * `$(results.r.path)` and the like. Unknown variables are left as they are, as Tekton does.
 */
export type Value = string | string[] | Record<string, string>;

export type Variables = Map<string, Value>;

const REFERENCE = /\$\(\s*([^()\s]+?)\s*\)/g;

function normalize(name: string): {
  base: string;
  star: boolean;
  index?: number;
} {
  // params["name"] → params.name; x[*] → x with star; x[2] → index
  let base = name.replace(/\[\s*["']([^"']+)["']\s*\]/g, '.$1');
  let star = false;
  let index: number | undefined;
  const bracket = base.match(/^(.*)\[(\*|\d+)\]$/);
  if (bracket) {
    base = bracket[1];
    if (bracket[2] === '*') star = true;
    else index = Number(bracket[2]);
  }
  return { base, star, index };
}

function lookup(variables: Variables, name: string): Value | undefined {
  const { base, star, index } = normalize(name);
  let value = variables.get(base);
  if (value === undefined) {
    // $(params.obj.key): an object param's key
    const dot = base.lastIndexOf('.');
    const parent = dot > 0 ? variables.get(base.slice(0, dot)) : undefined;
    if (parent && typeof parent === 'object' && !Array.isArray(parent))
      value = parent[base.slice(dot + 1)];
  }
  if (value === undefined) return undefined;
  if (index !== undefined)
    return Array.isArray(value) ? value[index] : undefined;
  if (star) return value;
  return value;
}

const asText = (value: Value) =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** Substitutes inside one string; arrays and objects are written as JSON. */
export function substituteString(text: string, variables: Variables): string {
  return text.replace(REFERENCE, (whole, name) => {
    const value = lookup(variables, name);
    return value === undefined ? whole : asText(value);
  });
}

/**
 * Substitutes inside a list of strings (command, args, array param values): an element that is
 * exactly `$(params.arr[*])` expands into the array's elements.
 */
export function substituteList(list: string[], variables: Variables): string[] {
  return list.flatMap(item => {
    const only = item.match(/^\$\(\s*([^()\s]+?)\s*\)$/);
    if (only) {
      const value = lookup(variables, only[1]);
      if (Array.isArray(value)) return value;
    }
    return [substituteString(item, variables)];
  });
}

/** Substitutes everywhere inside a value: strings, string lists, nested objects. */
export function substituteDeep<T>(value: T, variables: Variables): T {
  if (typeof value === 'string') return substituteString(value, variables) as T;
  if (Array.isArray(value)) {
    if (value.every(v => typeof v === 'string'))
      return substituteList(value as string[], variables) as T;
    return value.map(v => substituteDeep(v, variables)) as T;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteDeep(v, variables)]),
    ) as T;
  }
  return value;
}

/** A param's value as given, resolving the references inside it. */
export function substituteValue(value: Value, variables: Variables): Value {
  if (typeof value === 'string') {
    const only = value.match(/^\$\(\s*([^()\s]+?)\s*\)$/);
    if (only) {
      const resolved = lookup(variables, only[1]);
      if (resolved !== undefined) return resolved;
    }
    return substituteString(value, variables);
  }
  if (Array.isArray(value)) return substituteList(value, variables);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, substituteString(v, variables)]),
  );
}
