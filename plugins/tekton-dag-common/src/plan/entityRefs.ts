/**
 * Entity refs as the planner compares them: `kind:namespace/name` in lower case, with
 * Backstage's defaults (kind `component`, namespace `default`) filled in, so that
 * `Component:default/Shop-API` and `shop-api` name the same entity.
 */
export function entityRefKey(ref: string): string {
  const lower = ref.trim().toLowerCase();
  const colon = lower.indexOf(':');
  // Catalog refs are complete: skip taking them apart.
  if (colon > 0 && lower.indexOf('/', colon) > colon) return lower;
  const kind = colon >= 0 ? lower.slice(0, colon) : 'component';
  const rest = colon >= 0 ? lower.slice(colon + 1) : lower;
  const slash = rest.indexOf('/');
  const namespace = slash >= 0 ? rest.slice(0, slash) : 'default';
  const name = slash >= 0 ? rest.slice(slash + 1) : rest;
  return `${kind}:${namespace}/${name}`;
}

/** The name part of a ref, as written: `component:default/Shop-API` → `Shop-API`. */
export function entityRefName(ref: string): string {
  const afterKind = ref.slice(ref.indexOf(':') + 1);
  return afterKind.slice(afterKind.indexOf('/') + 1);
}

/** Code-unit order, not locale order, so that plans are identical on every machine. */
export function compareKeys(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
