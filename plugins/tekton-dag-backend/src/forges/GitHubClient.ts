import {
  fileNamesOf,
  ForgeHttp,
  ForgeHttpClientOptions,
  pullRequestPath,
  repoPath,
  truncate,
} from './ForgeHttp';
import type { CommitStatus, ForgeClient, PullRequestRef } from './types';

const PAGE_SIZE = 100;
/** GitHub lists at most 3000 files of a pull request: 30 pages of 100. */
const MAX_PAGES = 30;
/** GitHub refuses a longer status description. */
const DESCRIPTION_MAX_CHARS = 140;

/** GitHub's REST API (github.com or GitHub Enterprise Server). */
export class GitHubClient implements ForgeClient {
  private readonly http: ForgeHttp;

  constructor(private readonly options: ForgeHttpClientOptions) {
    this.http = new ForgeHttp({
      ...options,
      forgeName: `GitHub ${options.host}`,
      headers: {
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        // GitHub refuses requests without a User-Agent.
        'User-Agent': 'tekton-dag',
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      },
    });
  }

  async listChangedFiles(pr: PullRequestRef): Promise<string[]> {
    const path = `${pullRequestPath(pr)}/files`;
    const name = `${pr.owner}/${pr.repo}#${pr.number}`;
    const files = new Set<string>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { body } = await this.http.request<unknown>('GET', path, {
        query: { per_page: PAGE_SIZE, page },
        notFound: `GitHub ${this.options.host} has no pull request ${name} (or the token may not read it)`,
      });
      const items = fileNamesOf(
        body,
        () => `GitHub ${this.options.host}'s page ${page} of ${name}'s files`,
      );
      for (const item of items) {
        files.add(item.filename);
        // A rename touches the folder it left as well as the one it entered.
        if (item.previous_filename) files.add(item.previous_filename);
      }
      if (items.length < PAGE_SIZE) return [...files];
    }
    this.options.logger.warn(
      `GitHub lists at most ${
        PAGE_SIZE * MAX_PAGES
      } files of a pull request: ${name} may change more than were listed`,
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
          description: truncate(status.description, DESCRIPTION_MAX_CHARS),
          context: status.context,
        },
      },
    );
    return 'sent';
  }
}
