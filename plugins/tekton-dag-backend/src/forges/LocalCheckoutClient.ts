import { execFile } from 'child_process';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CommitStatus, ForgeClient, PullRequestRef } from './types';

/** An abbreviated or full SHA-1 commit id: anything else could be read by git as an option. */
const COMMIT_SHA = /^[0-9a-f]{7,40}$/i;
/** Room for the names of a very large diff. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The local demo's forge: a clone on disk. Changed files come from `git diff` there, and
 * commit statuses are only logged, since there is no forge to show them.
 */
export class LocalCheckoutClient implements ForgeClient {
  constructor(
    private readonly options: { checkout: string; logger: LoggerService },
  ) {}

  async listChangedFiles(pr: PullRequestRef): Promise<string[]> {
    const baseSha = validSha(pr.baseSha, 'baseSha');
    const headSha = validSha(pr.headSha, 'headSha');
    // `base...head` is what a pull request shows: the changes since head left base.
    // `--no-renames` lists a moved file under both its old and its new path.
    const output = await this.git([
      'diff',
      '--name-only',
      '--no-renames',
      '-z',
      `${baseSha}...${headSha}`,
      '--',
    ]);
    return output.split('\0').filter(name => name !== '');
  }

  async setCommitStatus(
    ref: { owner: string; repo: string; sha: string },
    status: CommitStatus,
  ): Promise<'logged'> {
    this.options.logger.info(
      `commit status for ${ref.owner}/${ref.repo}@${ref.sha}: ${
        status.state
      } – ${status.description}${
        status.targetUrl ? ` (${status.targetUrl})` : ''
      }`,
    );
    return 'logged';
  }

  private git(args: string[]): Promise<string> {
    const { checkout } = this.options;
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        args,
        { cwd: checkout, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (!error) {
            resolve(stdout);
            return;
          }
          const reason = stderr.trim().split('\n')[0] || error.message;
          // An unknown commit: not fetched into the checkout yet, or not there at all.
          if (
            /bad revision|unknown revision|invalid symmetric difference/i.test(
              reason,
            )
          )
            reject(new NotFoundError(`${checkout}: ${reason}`));
          else
            reject(
              new Error(`git ${args[0]} in ${checkout} failed: ${reason}`),
            );
        },
      );
    });
  }
}

function validSha(sha: string, field: string): string {
  if (typeof sha !== 'string' || !COMMIT_SHA.test(sha))
    throw new InputError(
      `${field} must be a commit id of 7 to 40 hexadecimal characters`,
    );
  return sha;
}
