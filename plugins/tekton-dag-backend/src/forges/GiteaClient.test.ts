import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { ForgeTestServer } from './__testUtils__/ForgeTestServer';
import { ForgeRequestError } from './errors';
import { GiteaClient } from './GiteaClient';

const TOKEN = 'gitea-secret-0123456789abcdef0123456789ab';
const SHA = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed';
const PR = {
  owner: 'acme',
  repo: 'shop',
  number: 3,
  baseSha: 'b'.repeat(40),
  headSha: SHA,
};
const FILES_PATH = '/api/v1/repos/acme/shop/pulls/3/files';
const STATUS_PATH = `/api/v1/repos/acme/shop/statuses/${SHA}`;

describe('GiteaClient', () => {
  let server: ForgeTestServer;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  const clientFor = (forge: ForgeTestServer) =>
    new GiteaClient({
      host: 'gitea.example',
      apiBaseUrl: forge.giteaApiBaseUrl,
      token: TOKEN,
      logger,
      retry: { baseMs: 1, maxMs: 5 },
    });

  beforeEach(async () => {
    server = await ForgeTestServer.start();
    logger = mockServices.logger.mock();
  });

  afterEach(() => server.close());

  it('lists the files of every page, from page 1, both names of a rename', async () => {
    server.setFiles('acme', 'shop', 3, [
      ...Array.from({ length: 119 }, (_, i) => `apps/web/f${i}.ts`),
      { filename: 'apps/api/util.ts', previous_filename: 'apps/web/util.ts' },
    ]);

    const listed = await clientFor(server).listChangedFiles(PR);

    expect(listed).toHaveLength(121);
    expect(listed).toEqual(
      expect.arrayContaining([
        'apps/web/f118.ts',
        'apps/api/util.ts',
        'apps/web/util.ts',
      ]),
    );
    const pages = server.requestsTo(FILES_PATH);
    expect(pages.map(request => request.query)).toEqual([
      { page: '1', limit: '50' },
      { page: '2', limit: '50' },
      { page: '3', limit: '50' },
    ]);
    expect(pages[0].headers.authorization).toBe(`token ${TOKEN}`);
  });

  it('reads every page from a server with smaller pages than asked for', async () => {
    const small = await ForgeTestServer.start({ giteaMaxPageSize: 20 });
    try {
      small.setFiles(
        'acme',
        'shop',
        3,
        Array.from({ length: 45 }, (_, i) => `f${i}`),
      );
      await expect(clientFor(small).listChangedFiles(PR)).resolves.toHaveLength(
        45,
      );
      expect(small.requests).toHaveLength(3);
    } finally {
      await small.close();
    }
  });

  it('stops after a full last page once Gitea says no more follow', async () => {
    server.setFiles(
      'acme',
      'shop',
      3,
      Array.from({ length: 100 }, (_, i) => `f${i}`),
    );
    await expect(clientFor(server).listChangedFiles(PR)).resolves.toHaveLength(
      100,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('posts a commit status', async () => {
    const description = 'y'.repeat(200);
    await expect(
      clientFor(server).setCommitStatus(
        { owner: 'acme', repo: 'shop', sha: SHA },
        {
          state: 'success',
          targetUrl: 'http://localhost:3000/tekton-dag/runs/2',
          description,
          context: 'tekton-dag/plan',
        },
      ),
    ).resolves.toBe('sent');

    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: STATUS_PATH });
    expect(request.headers).toMatchObject({
      authorization: `token ${TOKEN}`,
      'content-type': 'application/json',
    });
    expect(request.body).toEqual({
      state: 'success',
      target_url: 'http://localhost:3000/tekton-dag/runs/2',
      description,
      context: 'tekton-dag/plan',
    });
  });

  it('tries again after two 500s', async () => {
    server.failNext(STATUS_PATH, 500, 2);
    await clientFor(server).setCommitStatus(
      { owner: 'acme', repo: 'shop', sha: SHA },
      { state: 'pending', description: 'running', context: 'tekton-dag' },
    );
    expect(server.requestsTo(STATUS_PATH)).toHaveLength(3);
  });

  it('does not try a 422 again, and keeps the token out of the error', async () => {
    server.failNext(STATUS_PATH, 422);
    const error = await clientFor(server)
      .setCommitStatus(
        { owner: 'acme', repo: 'shop', sha: SHA },
        { state: 'error', description: 'broken', context: 'tekton-dag' },
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(ForgeRequestError);
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      `Gitea gitea.example answered 422 to POST /repos/acme/shop/statuses/${SHA}: injected failure 422`,
    );
    expect(`${error.message} ${error.stack}`).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a missing pull request as NotFoundError', async () => {
    const error = await clientFor(server)
      .listChangedFiles(PR)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(
      'Gitea gitea.example has no pull request acme/shop#3',
    );
    expect(error.message).not.toContain(TOKEN);
  });
});
