import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { pathToFileURL, fileURLToPath } from 'url';
import { promisify } from 'util';
import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';

const run = promisify(execFile);

/** The config key that turns local repositories on. */
export const LOCAL_REPOSITORIES_CONFIG =
  'tektonDag.scaffolder.localRepositories';

/** A repository name: what git hosts accept, without path separators or a leading dot. */
const REPOSITORY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

/** A file of a local repository, as a `file:` URL names it. */
export interface LocalRepositoryFile {
  /** The bare repository, e.g. /srv/portal/.data/git/hello.git */
  gitDir: string;
  /** The path inside the repository ('' for its root). */
  path: string;
}

async function git(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const { stdout } = await run('git', args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'buffer',
  });
  return stdout as Buffer;
}

/**
 * Bare git repositories in one folder of the portal's machine
 * (`tektonDag.scaffolder.localRepositories.directory`): where the local portal's templates publish
 * new components, cloned by the local cluster's git-clone and read by the catalog through
 * `file:` URLs. Production templates publish to a git host instead (publish:github, publish:gitea).
 */
export class LocalRepositories {
  static fromConfig(config: Config): LocalRepositories | undefined {
    const directory = config.getOptionalString(
      `${LOCAL_REPOSITORIES_CONFIG}.directory`,
    );
    return directory
      ? new LocalRepositories(path.resolve(directory))
      : undefined;
  }

  constructor(readonly directory: string) {}

  /** The bare repository of a name; a name that is not a plain repository name is refused. */
  gitDir(name: string): string {
    if (!REPOSITORY_NAME.test(name) || name.endsWith('.git')) {
      throw new InputError(
        `"${name}" is not a repository name: use letters, digits, ".", "_" and "-" (not starting with "." or "-", without ".git")`,
      );
    }
    return path.join(this.directory, `${name}.git`);
  }

  /** The URL git clones it by (what a pipeline's repo-url and an Application's repoURL name). */
  remoteUrl(name: string): string {
    return pathToFileURL(this.gitDir(name)).href;
  }

  /** The URL of a file of it, readable by the catalog (see LocalRepositoryUrlReader). */
  fileUrl(name: string, file: string): string {
    return `${this.remoteUrl(name)}/${file
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
  }

  exists(name: string): boolean {
    return fs.existsSync(this.gitDir(name));
  }

  /** Creates an empty bare repository; one that exists already is refused. */
  async create(name: string, defaultBranch: string): Promise<void> {
    const gitDir = this.gitDir(name);
    if (fs.existsSync(gitDir)) {
      throw new ConflictError(`Repository ${name} already exists (${gitDir})`);
    }
    fs.mkdirSync(this.directory, { recursive: true });
    await git([
      'init',
      '--quiet',
      '--bare',
      `--initial-branch=${defaultBranch}`,
      gitDir,
    ]);
  }

  /**
   * Commits a folder (the template's workspace) on top of the branch and pushes it. The commit is
   * made in a git folder of its own, so the workspace is left as it was.
   */
  async push(options: {
    name: string;
    sourceDir: string;
    branch: string;
    message: string;
    author: { name: string; email: string };
  }): Promise<{ commit: string }> {
    const gitDir = this.gitDir(options.name);
    if (!fs.existsSync(gitDir)) {
      throw new NotFoundError(
        `Repository ${options.name} does not exist in ${this.directory}; create it first`,
      );
    }
    const scratch = fs.mkdtempSync(
      path.join(this.directory, `.push-${options.name}-`),
    );
    try {
      const env = {
        GIT_DIR: path.join(scratch, 'git'),
        GIT_WORK_TREE: options.sourceDir,
        GIT_AUTHOR_NAME: options.author.name,
        GIT_AUTHOR_EMAIL: options.author.email,
        GIT_COMMITTER_NAME: options.author.name,
        GIT_COMMITTER_EMAIL: options.author.email,
      };
      await git(['init', '--quiet', `--initial-branch=${options.branch}`], {
        env,
      });
      // On top of what the branch holds already, so a second push is a second commit.
      await git(
        ['fetch', '--quiet', gitDir, `+refs/heads/*:refs/remotes/origin/*`],
        { env },
      );
      const tip = (
        await git(
          [
            'for-each-ref',
            '--format=%(objectname)',
            `refs/remotes/origin/${options.branch}`,
          ],
          { env },
        )
      )
        .toString()
        .trim();
      if (tip) await git(['reset', '--quiet', '--soft', tip], { env });
      await git(['add', '--all'], { env });
      await git(['commit', '--quiet', '--allow-empty', '-m', options.message], {
        env,
      });
      const commit = (await git(['rev-parse', 'HEAD'], { env }))
        .toString()
        .trim();
      await git(
        ['push', '--quiet', gitDir, `HEAD:refs/heads/${options.branch}`],
        { env },
      );
      return { commit };
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** The repository and path a `file:` URL names, when it is inside the folder. */
  parseUrl(url: string | URL): LocalRepositoryFile | undefined {
    let parsed: URL;
    try {
      parsed = typeof url === 'string' ? new URL(url) : url;
    } catch {
      return undefined;
    }
    if (parsed.protocol !== 'file:' || parsed.host) return undefined;
    let absolute: string;
    try {
      absolute = fileURLToPath(parsed);
    } catch {
      return undefined;
    }
    const relative = path.relative(this.directory, absolute);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative))
      return undefined;
    const [repository, ...rest] = relative.split(path.sep);
    if (!repository.endsWith('.git') || repository.startsWith('.'))
      return undefined;
    return {
      gitDir: path.join(this.directory, repository),
      path: rest.join('/'),
    };
  }

  /** The commit a branch (default: the repository's HEAD) points at. */
  async revision(gitDir: string, ref = 'HEAD'): Promise<string> {
    try {
      return (
        await git([
          '--git-dir',
          gitDir,
          'rev-parse',
          '--verify',
          `${ref}^{commit}`,
        ])
      )
        .toString()
        .trim();
    } catch {
      throw new NotFoundError(`${gitDir} has no commit ${ref}`);
    }
  }

  /** A file's content at a commit. */
  async readFile(
    gitDir: string,
    commit: string,
    file: string,
  ): Promise<Buffer> {
    try {
      return await git(['--git-dir', gitDir, 'show', `${commit}:${file}`]);
    } catch {
      throw new NotFoundError(
        `${file} does not exist in ${gitDir} at ${commit}`,
      );
    }
  }

  /** A folder of a commit as a tar archive (git archive). */
  async archive(
    gitDir: string,
    commit: string,
    folder: string,
  ): Promise<Buffer> {
    return git([
      '--git-dir',
      gitDir,
      'archive',
      '--format=tar',
      commit,
      ...(folder ? ['--', folder] : []),
    ]);
  }
}
