import { mockServices } from '@backstage/backend-test-utils';
import { ForgeTestServer } from './__testUtils__/ForgeTestServer';
import { createForgeClient, forgeApiBaseUrl } from './createForgeClient';
import { GiteaClient } from './GiteaClient';
import { GitHubClient } from './GitHubClient';
import { LocalCheckoutClient } from './LocalCheckoutClient';

const logger = mockServices.logger.mock();

describe('createForgeClient', () => {
  it('makes the client for the type, or a local checkout when there is one', () => {
    expect(
      createForgeClient({ type: 'github', host: 'github.com' }, { logger }),
    ).toBeInstanceOf(GitHubClient);
    expect(
      createForgeClient({ type: 'gitea', host: 'git.example' }, { logger }),
    ).toBeInstanceOf(GiteaClient);
    expect(
      createForgeClient(
        { type: 'gitea', host: 'localhost:3000', checkout: '/tmp/shop' },
        { logger },
      ),
    ).toBeInstanceOf(LocalCheckoutClient);
  });

  it('knows where each forge keeps its API', () => {
    expect(forgeApiBaseUrl({ type: 'github', host: 'GitHub.com' })).toBe(
      'https://api.github.com',
    );
    expect(forgeApiBaseUrl({ type: 'github', host: 'ghe.example' })).toBe(
      'https://ghe.example/api/v3',
    );
    expect(forgeApiBaseUrl({ type: 'gitea', host: 'git.example:3000' })).toBe(
      'https://git.example:3000/api/v1',
    );
    expect(
      forgeApiBaseUrl({
        type: 'gitea',
        host: 'localhost:3000',
        apiBaseUrl: 'http://localhost:3000/api/v1/',
      }),
    ).toBe('http://localhost:3000/api/v1');
  });

  it('talks to the configured API base with the configured token', async () => {
    const server = await ForgeTestServer.start();
    try {
      server.setFiles('acme', 'shop', 1, ['a/x.ts']);
      const pr = {
        owner: 'acme',
        repo: 'shop',
        number: 1,
        baseSha: 'a'.repeat(7),
        headSha: 'b'.repeat(7),
      };
      const github = createForgeClient(
        {
          type: 'github',
          host: 'ghe.example',
          apiBaseUrl: server.githubApiBaseUrl,
          token: 't1',
        },
        { logger },
      );
      const gitea = createForgeClient(
        {
          type: 'gitea',
          host: 'git.example',
          apiBaseUrl: server.giteaApiBaseUrl,
          token: 't2',
        },
        { logger },
      );
      await expect(github.listChangedFiles(pr)).resolves.toEqual(['a/x.ts']);
      await expect(gitea.listChangedFiles(pr)).resolves.toEqual(['a/x.ts']);
      expect(
        server.requests.map(r => [r.path, r.headers.authorization]),
      ).toEqual([
        ['/repos/acme/shop/pulls/1/files', 'Bearer t1'],
        ['/api/v1/repos/acme/shop/pulls/1/files', 'token t2'],
      ]);
    } finally {
      await server.close();
    }
  });
});
