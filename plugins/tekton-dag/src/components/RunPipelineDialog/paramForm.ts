import type {
  ParamSpec,
  ParamValue,
} from '@tekton-dag/plugin-tekton-dag-common';

/**
 * How params are edited in a form: a string as itself, an array one item per line, an object
 * one `key=value` per line. Text in, typed values out, so the shared validator can check them.
 */
export function paramToText(
  spec: ParamSpec,
  value: ParamValue | undefined,
): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join('\n');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
  return spec.type === 'array' ? value : String(value);
}

export function textToParam(spec: ParamSpec, text: string): ParamValue {
  if (spec.type === 'array')
    return text
      .split('\n')
      .map(line => line.trim())
      .filter(Boolean);
  if (spec.type === 'object') {
    const value: Record<string, string> = {};
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const at = line.indexOf('=');
      if (at < 0) value[line.trim()] = '';
      else value[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    return value;
  }
  return text;
}

/**
 * The params to send: those whose text differs from where the form started (the Pipeline's
 * defaults for a new run, the previous run's values for a rerun), so untouched defaults stay
 * the Pipeline's and a rerun sends only its overrides.
 */
export function paramsToSend(
  specs: ParamSpec[],
  texts: Record<string, string>,
  startValues: Record<string, ParamValue | undefined>,
): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const text = texts[spec.name] ?? '';
    if (text === paramToText(spec, startValues[spec.name])) continue;
    params[spec.name] = textToParam(spec, text);
  }
  return params;
}
