import {
  fileNamesOf,
  ForgeHttp,
  ForgeHttpClientOptions,
  pullRequestPath,
  repoPath,
} from './ForgeHttp';
import type { CommitStatus, ForgeClient, PullRequestRef } from './types';

/** Gitea's default largest page (`[api] MAX_RESPONSE_ITEMS`). */
const PAGE_SIZE = 50;
/**
 * Gitea computes the whole diff for every page: a bound on the requests one pull request
 * costs (10,000 files at the default page size).
 */
const MAX_PAGES = 200;

/** Gitea's (and Forgejo's) REST API. */
export class GiteaClient implements ForgeClient {
  private readonly http: ForgeHttp;

  constructor(private readonly options: ForgeHttpClientOptions) {
    this.http = new ForgeHttp({
      ...options,
      forgeName: `Gitea ${options.host}`,
      headers: {
        Accept: 'application/json',
        'User-Agent': 'tekton-dag',
        ...(options.token ? { Authorization: `token ${options.token}` } : {}),
      },
    });
  }

  async listChangedFiles(pr: PullRequestRef): Promise<string[]> {
    const path = `${pullRequestPath(pr)}/files`;
    const name = `${pr.owner}/${pr.repo}#${pr.number}`;
    const files = new Set<string>();
    // Gitea's pages start at 1 (a page 0 is page 1 again).
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { body, headers } = await this.http.request<unknown>('GET', path, {
        query: { page, limit: PAGE_SIZE },
        notFound: `Gitea ${this.options.host} has no pull request ${name} (or the token may not read it)`,
      });
      const items = fileNamesOf(
        body,
        () => `Gitea ${this.options.host}'s page ${page} of ${name}'s files`,
      );
      for (const item of items) {
        files.add(item.filename);
        // A rename touches the folder it left as well as the one it entered.
        if (item.previous_filename) files.add(item.previous_filename);
      }
      // A server whose largest page is smaller than asked for sends short pages that are not
      // the last: it says whether more follow (X-HasMore), and older ones are read by length.
      const hasMore = headers.get('x-hasmore');
      const more =
        hasMore === null ? items.length >= PAGE_SIZE : hasMore === 'true';
      if (!more || items.length === 0) return [...files];
    }
    this.options.logger.warn(
      `Listed only the first ${MAX_PAGES} pages of ${name}'s files on Gitea ${this.options.host}`,
    );
    return [...files];
  }

  async setCommitStatus(
    ref: { owner: string; repo: string; sha: string },
    status: CommitStatus,
  ): Promise<'sent'> {
    await this.http.request(
      'POST',
      `${repoPath(ref)}/statuses/${encodeURIComponent(ref.sha)}`,
      {
        body: {
          state: status.state,
          target_url: status.targetUrl,
          description: status.description,
          context: status.context,
        },
      },
    );
    return 'sent';
  }
}
