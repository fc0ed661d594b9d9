import type { Config } from '@backstage/config';
import type { ForgeConfig, ForgeType } from './types';

export const FORGE_TYPES: readonly ForgeType[] = ['github', 'gitea'];

/** A host name or address, with an optional port: no scheme, no path. */
const HOST = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?$/i;

/**
 * Reads `tektonDag.forges`, failing at start-up with a message that names the bad key, rather
 * than when the first pull request arrives.
 */
export function readForgesConfig(config: Config): ForgeConfig[] {
  const entries = config.getOptionalConfigArray('tektonDag.forges') ?? [];
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const where = `tektonDag.forges[${index}]`;
    const type = entry.getOptionalString('type');
    if (type === undefined)
      throw new Error(
        `${where}.type is required: one of ${FORGE_TYPES.join(', ')}`,
      );
    if (!FORGE_TYPES.includes(type as ForgeType))
      throw new Error(
        `${where}.type "${type}" must be one of ${FORGE_TYPES.join(', ')}`,
      );
    const host = entry.getOptionalString('host');
    if (host === undefined) throw new Error(`${where}.host is required`);
    if (!HOST.test(host))
      throw new Error(
        `${where}.host "${host}" must be a host name with an optional port, without a scheme or path`,
      );
    const key = `${type} ${host.toLowerCase()}`;
    if (seen.has(key))
      throw new Error(
        `${where} configures ${type} host "${host}" a second time`,
      );
    seen.add(key);
    const apiBaseUrl = entry.getOptionalString('apiBaseUrl');
    if (apiBaseUrl !== undefined && !/^https?:\/\/[^/]/.test(apiBaseUrl))
      throw new Error(`${where}.apiBaseUrl must be an http(s) URL`);
    return {
      type: type as ForgeType,
      host,
      apiBaseUrl,
      token: entry.getOptionalString('token'),
      checkout: entry.getOptionalString('checkout'),
    };
  });
}

/** The forge configured for a type and host (as a webhook names them), if any. */
export function findForge(
  forges: ForgeConfig[],
  type: ForgeType,
  host: string,
): ForgeConfig | undefined {
  const wanted = host.toLowerCase();
  return forges.find(
    forge => forge.type === type && forge.host.toLowerCase() === wanted,
  );
}
