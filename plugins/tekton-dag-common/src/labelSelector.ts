/** A parsed Kubernetes label selector, or one of its requirements: true when it holds for the labels. */
export type LabelMatcher = (
  labels: Record<string, string | undefined>,
) => boolean;

/** Splits on the commas that are not inside parentheses (`k in (a,b),x=y`). */
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
  return parts.map(part => part.trim()).filter(Boolean);
}

const KEY = '([A-Za-z0-9][-A-Za-z0-9_./]*)';
const VALUE = '([A-Za-z0-9._-]*)';
const SET_REQUIREMENT = new RegExp(`^${KEY}\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const EQUALITY_REQUIREMENT = new RegExp(`^${KEY}\\s*(==|=|!=)\\s*${VALUE}$`);
const EXISTENCE_REQUIREMENT = new RegExp(`^(!?)\\s*${KEY}$`);

function parseRequirement(requirement: string): LabelMatcher {
  let match = requirement.match(SET_REQUIREMENT);
  if (match) {
    const [, key, op, list] = match;
    const values = new Set(
      list
        .split(',')
        .map(v => v.trim())
        .filter(Boolean),
    );
    return op === 'in'
      ? labels => labels[key] !== undefined && values.has(labels[key]!)
      : labels => labels[key] === undefined || !values.has(labels[key]!);
  }
  match = requirement.match(EQUALITY_REQUIREMENT);
  if (match) {
    const [, key, op, value] = match;
    return op === '!='
      ? labels => labels[key] !== value
      : labels => labels[key] === value;
  }
  match = requirement.match(EXISTENCE_REQUIREMENT);
  if (match) {
    const [, not, key] = match;
    return not
      ? labels => labels[key] === undefined
      : labels => labels[key] !== undefined;
  }
  throw new Error(`cannot parse the requirement "${requirement}"`);
}

/**
 * Parses Kubernetes label selector syntax into one matcher per requirement: `k=v`, `k==v`,
 * `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` (exists) and `!k` (absent), comma-separated.
 * An empty selector has no requirements, so it selects everything, as in a Kubernetes list.
 * Throws an Error naming the requirement it cannot read.
 */
export function parseLabelSelectorRequirements(text: string): LabelMatcher[] {
  return splitRequirements(text).map(parseRequirement);
}

/**
 * Parses a label selector that must select by something, as `argocd/app-selector` holds it
 * (see {@link parseLabelSelectorRequirements}): true when every requirement holds. Throws an
 * Error on an empty selector too, which would otherwise select every Application.
 */
export function parseLabelSelector(text: string): LabelMatcher {
  const requirements = parseLabelSelectorRequirements(text);
  if (!requirements.length) throw new Error('the selector is empty');
  return labels => requirements.every(test => test(labels));
}
