import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { ForgeTestServer } from './__testUtils__/ForgeTestServer';
import { ForgeRequestError } from './errors';
import { GitHubClient } from './GitHubClient';

const TOKEN = 'ghp_secret0123456789abcdefghijklmnopqrstu';
const SHA = 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe';
const PR = {
  owner: 'acme',
  repo: 'shop',
  number: 7,
  baseSha: 'a'.repeat(40),
  headSha: SHA,
};
const STATUS_PATH = `/repos/acme/shop/statuses/${SHA}`;

describe('GitHubClient', () => {
  let server: ForgeTestServer;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let client: GitHubClient;

  beforeEach(async () => {
    server = await ForgeTestServer.start();
    logger = mockServices.logger.mock();
    client = new GitHubClient({
      host: 'github.com',
      apiBaseUrl: server.githubApiBaseUrl,
      token: TOKEN,
      logger,
      retry: { baseMs: 1, maxMs: 5 },
    });
  });

  afterEach(() => server.close());

  it('lists the files of every page, both names of a rename', async () => {
    const files = Array.from({ length: 229 }, (_, i) => `services/a/f${i}.ts`);
    server.setFiles('acme', 'shop', 7, [
      ...files,
      {
        filename: 'services/b/moved.ts',
        previous_filename: 'services/a/moved.ts',
      },
    ]);

    const listed = await client.listChangedFiles(PR);

    expect(listed).toHaveLength(231);
    expect(listed).toEqual(
      expect.arrayContaining([
        'services/a/f0.ts',
        'services/a/f228.ts',
        'services/b/moved.ts',
        'services/a/moved.ts',
      ]),
    );
    const pages = server.requestsTo('/repos/acme/shop/pulls/7/files');
    expect(pages.map(request => request.query)).toEqual([
      { per_page: '100', page: '1' },
      { per_page: '100', page: '2' },
      { per_page: '100', page: '3' },
    ]);
    expect(pages[0].headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'tekton-dag',
    });
  });

  it('stops at the 3000 files GitHub lists, and says so', async () => {
    server.setFiles(
      'acme',
      'shop',
      7,
      Array.from({ length: 3500 }, (_, i) => `f${i}`),
    );

    await expect(client.listChangedFiles(PR)).resolves.toHaveLength(3000);

    expect(server.requests).toHaveLength(30);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('acme/shop#7 may change more'),
    );
  });

  it('lists a pull request without files in one request', async () => {
    server.setFiles('acme', 'shop', 7, []);
    await expect(client.listChangedFiles(PR)).resolves.toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('posts a commit status, its description cut to 140 characters', async () => {
    await expect(
      client.setCommitStatus(
        { owner: 'acme', repo: 'shop', sha: SHA },
        {
          state: 'failure',
          targetUrl: 'https://backstage.example/tekton-dag/runs/1',
          description: 'x'.repeat(200),
          context: 'tekton-dag/plan',
        },
      ),
    ).resolves.toBe('sent');

    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: STATUS_PATH });
    expect(request.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'x-github-api-version': '2022-11-28',
    });
    expect(request.body).toEqual({
      state: 'failure',
      target_url: 'https://backstage.example/tekton-dag/runs/1',
      description: `${'x'.repeat(139)}…`,
      context: 'tekton-dag/plan',
    });
  });

  it('sends no Authorization header without a token', async () => {
    const anonymous = new GitHubClient({
      host: 'github.com',
      apiBaseUrl: server.githubApiBaseUrl,
      logger,
    });
    server.setFiles('acme', 'shop', 7, ['a']);
    await anonymous.listChangedFiles(PR);
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('tries again after two 500s', async () => {
    server.failNext(STATUS_PATH, 500, 2);

    await expect(
      client.setCommitStatus(
        { owner: 'acme', repo: 'shop', sha: SHA },
        { state: 'pending', description: 'running', context: 'tekton-dag' },
      ),
    ).resolves.toBe('sent');

    expect(server.requestsTo(STATUS_PATH)).toHaveLength(3);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^GitHub github\.com answered 500 to POST \/repos\/acme\/shop\/statuses\/c0ffee\w+: injected failure 500; trying again in \d+ ms$/,
      ),
    );
  });

  it('tries again after a 429 and after a dropped connection', async () => {
    server.setFiles('acme', 'shop', 7, ['a/b.ts']);
    server.failNext('/files', 429);
    server.failNext('/files', 'disconnect');

    await expect(client.listChangedFiles(PR)).resolves.toEqual(['a/b.ts']);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after five tries', async () => {
    server.failNext(STATUS_PATH, 503, 10);
    const error = await client
      .setCommitStatus(
        { owner: 'acme', repo: 'shop', sha: SHA },
        { state: 'pending', description: 'running', context: 'tekton-dag' },
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(ForgeRequestError);
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(5);
  });

  it('does not try a 422 again, and keeps the token out of the error', async () => {
    server.failNext(STATUS_PATH, 422);

    const error = await client
      .setCommitStatus(
        { owner: 'acme', repo: 'shop', sha: SHA },
        { state: 'success', description: 'done', context: 'tekton-dag' },
      )
      .catch(e => e);

    expect(error).toBeInstanceOf(ForgeRequestError);
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      `GitHub github.com answered 422 to POST ${STATUS_PATH}: injected failure 422`,
    );
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(`${error.message} ${error.stack}`).not.toContain(TOKEN);
  });

  it('reports a missing pull request as NotFoundError', async () => {
    const error = await client
      .listChangedFiles({ ...PR, number: 404 })
      .catch(e => e);

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(
      'GitHub github.com has no pull request acme/shop#404',
    );
    expect(error.cause).toBeInstanceOf(ForgeRequestError);
    expect(error.cause.status).toBe(404);
    expect(server.requests).toHaveLength(1);
    expect(error.message).not.toContain(TOKEN);
  });

  it('says which request got no answer, without the token', async () => {
    await server.close();
    const error = await client.listChangedFiles(PR).catch(e => e);
    expect(error).toBeInstanceOf(ForgeRequestError);
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(
      /^GitHub github\.com did not answer GET \/repos\/acme\/shop\/pulls\/7\/files\?per_page=100&page=1: ECONNREFUSED$/,
    );
    expect(logger.warn).toHaveBeenCalledTimes(4);
    server = await ForgeTestServer.start(); // for afterEach
  });
});
