import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ForgeHttpClientOptions } from './ForgeHttp';
import { GiteaClient } from './GiteaClient';
import { GitHubClient } from './GitHubClient';
import { LocalCheckoutClient } from './LocalCheckoutClient';
import type { ForgeClient, ForgeConfig } from './types';

/** The client for a configured forge: a local checkout when it has one, else its API. */
export function createForgeClient(
  forge: ForgeConfig,
  options: { logger: LoggerService } & Pick<
    ForgeHttpClientOptions,
    'retry' | 'timeoutMs'
  >,
): ForgeClient {
  if (forge.checkout)
    return new LocalCheckoutClient({
      checkout: forge.checkout,
      logger: options.logger,
    });
  const clientOptions: ForgeHttpClientOptions = {
    ...options,
    host: forge.host,
    apiBaseUrl: forgeApiBaseUrl(forge),
    token: forge.token,
  };
  return forge.type === 'github'
    ? new GitHubClient(clientOptions)
    : new GiteaClient(clientOptions);
}

/** The configured API base, or where the forge's API usually is. */
export function forgeApiBaseUrl(
  forge: Pick<ForgeConfig, 'type' | 'host' | 'apiBaseUrl'>,
): string {
  if (forge.apiBaseUrl) return forge.apiBaseUrl.replace(/\/+$/, '');
  if (forge.type === 'gitea') return `https://${forge.host}/api/v1`;
  return forge.host.toLowerCase() === 'github.com'
    ? 'https://api.github.com'
    : `https://${forge.host}/api/v3`;
}
