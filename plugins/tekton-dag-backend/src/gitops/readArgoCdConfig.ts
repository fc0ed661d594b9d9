import type { Config } from '@backstage/config';

/** An Argo CD API server; the token never leaves the backend. */
export interface ArgoCdInstanceConfig {
  name: string;
  url: string;
  token: string;
  skipTLSVerify: boolean;
}

export interface ArgoCdConfig {
  instances: ArgoCdInstanceConfig[];
  /** Namespace of Applications read through clusters, without `argocd/app-namespace`. */
  namespace: string;
}

/** Reads `tektonDag.argocd`, failing at start-up with a message that names the bad key. */
export function readArgoCdConfig(config: Config): ArgoCdConfig {
  const entries =
    config.getOptionalConfigArray('tektonDag.argocd.instances') ?? [];
  const seen = new Set<string>();
  const instances = entries.map((entry, index) => {
    const where = `tektonDag.argocd.instances[${index}]`;
    const name = entry.getString('name').trim();
    if (!name) throw new Error(`${where}.name must not be empty`);
    if (seen.has(name))
      throw new Error(`${where}.name "${name}" is used by another instance`);
    seen.add(name);
    const url = entry.getString('url');
    if (!/^https?:\/\/[^/]/.test(url))
      throw new Error(`${where}.url must be an http(s) URL`);
    return {
      name,
      url,
      token: entry.getString('token'),
      skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
    };
  });
  return {
    instances,
    namespace:
      config.getOptionalString('tektonDag.argocd.namespace')?.trim() ||
      'argocd',
  };
}
