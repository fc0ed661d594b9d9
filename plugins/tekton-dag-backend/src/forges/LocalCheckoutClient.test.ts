import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError, NotFoundError } from '@backstage/errors';
import { LocalCheckoutClient } from './LocalCheckoutClient';

/** git isolated from the machine's configuration (signing, hooks, default branch). */
const gitIn =
  (dir: string) =>
  (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    }).trim();

const write = (dir: string, file: string, content: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), content);
};

describe('LocalCheckoutClient', () => {
  let checkout: string;
  let base: string;
  let head: string;

  beforeAll(() => {
    checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'tekton-dag-forge-'));
    const git = gitIn(checkout);
    git('init', '--quiet', '--initial-branch=main');
    write(checkout, 'services/cart/index.ts', 'cart 1\n');
    write(checkout, 'services/catalog/index.ts', 'catalog 1\n');
    write(checkout, 'services/catalog/old name.ts', 'moved\n');
    write(checkout, 'README.md', 'unchanged\n');
    git('add', '.');
    git('commit', '--quiet', '-m', 'base');
    base = git('rev-parse', 'HEAD');

    git('checkout', '--quiet', '-b', 'feature');
    write(checkout, 'services/cart/index.ts', 'cart 2\n');
    write(checkout, 'services/cart/new.ts', 'new\n');
    git('commit', '--quiet', '-am', 'cart');
    git('add', '.');
    git('commit', '--quiet', '-m', 'cart: new file');
    fs.mkdirSync(path.join(checkout, 'services/search'));
    git('mv', 'services/catalog/old name.ts', 'services/search/new name.ts');
    write(checkout, 'services/catalog/index.ts', 'catalog 2\n');
    git('commit', '--quiet', '-am', 'catalog');
    head = git('rev-parse', 'HEAD');

    // main moves on after the branch left it: not part of the pull request.
    git('checkout', '--quiet', 'main');
    write(checkout, 'README.md', 'changed on main\n');
    git('commit', '--quiet', '-am', 'main moves on');
    base = git('rev-parse', 'HEAD');
  });

  afterAll(() => fs.rmSync(checkout, { recursive: true, force: true }));

  const pr = (baseSha: string, headSha: string) => ({
    owner: 'acme',
    repo: 'shop',
    number: 1,
    baseSha,
    headSha,
  });

  it('lists exactly the files the pull request changes, both names of a move', async () => {
    const client = new LocalCheckoutClient({
      checkout,
      logger: mockServices.logger.mock(),
    });

    const files = await client.listChangedFiles(pr(base, head));

    expect(files.sort()).toEqual([
      'services/cart/index.ts',
      'services/cart/new.ts',
      'services/catalog/index.ts',
      'services/catalog/old name.ts',
      'services/search/new name.ts',
    ]);
    // Abbreviated ids work as well.
    await expect(
      client.listChangedFiles(pr(base.slice(0, 7), head.slice(0, 12))),
    ).resolves.toHaveLength(5);
  });

  it('rejects a commit id that is not hexadecimal before running git', async () => {
    const client = new LocalCheckoutClient({
      checkout,
      logger: mockServices.logger.mock(),
    });
    for (const bad of ['--output=/tmp/x', 'main', 'abc12', `${head}0`])
      await expect(client.listChangedFiles(pr(base, bad))).rejects.toThrow(
        InputError,
      );
  });

  it('reports a commit the checkout does not have as NotFoundError', async () => {
    const client = new LocalCheckoutClient({
      checkout,
      logger: mockServices.logger.mock(),
    });
    await expect(
      client.listChangedFiles(pr(base, 'deadbeef'.repeat(5))),
    ).rejects.toThrow(NotFoundError);
  });

  it('logs a commit status instead of sending it', async () => {
    const logger = mockServices.logger.mock();
    const client = new LocalCheckoutClient({ checkout, logger });

    await expect(
      client.setCommitStatus(
        { owner: 'acme', repo: 'shop', sha: head },
        {
          state: 'success',
          description: '3 of 3 pipelines succeeded',
          targetUrl: 'http://localhost:3000/tekton-dag/runs/9',
          context: 'tekton-dag',
        },
      ),
    ).resolves.toBe('logged');

    expect(logger.info).toHaveBeenCalledWith(
      `commit status for acme/shop@${head}: success – 3 of 3 pipelines succeeded (http://localhost:3000/tekton-dag/runs/9)`,
    );
  });
});
