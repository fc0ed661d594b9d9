export type {
  CommitState,
  CommitStatus,
  ForgeClient,
  ForgeConfig,
  ForgeType,
  PullRequestRef,
} from './types';
export { createForgeClient, forgeApiBaseUrl } from './createForgeClient';
export { ForgeRequestError } from './errors';
export type { ForgeHttpClientOptions } from './ForgeHttp';
export { GiteaClient } from './GiteaClient';
export { GitHubClient } from './GitHubClient';
export { LocalCheckoutClient } from './LocalCheckoutClient';
export { FORGE_TYPES, findForge, readForgesConfig } from './readForgesConfig';
export { DEFAULT_RETRY_OPTIONS, withRetries } from './retry';
export type { RetryOptions } from './retry';
