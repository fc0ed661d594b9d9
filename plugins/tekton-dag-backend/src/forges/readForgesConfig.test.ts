import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { findForge, readForgesConfig } from './readForgesConfig';

const read = (forges: JsonObject[]) =>
  readForgesConfig(new ConfigReader({ tektonDag: { forges } }));

describe('readForgesConfig', () => {
  it('reads forges, optional keys included', () => {
    expect(
      read([
        {
          type: 'github',
          host: 'github.com',
          token: 'ghp_x',
        },
        {
          type: 'gitea',
          host: 'localhost:3000',
          apiBaseUrl: 'http://localhost:3000/api/v1',
          checkout: '/tmp/shop',
        },
      ]),
    ).toEqual([
      {
        type: 'github',
        host: 'github.com',
        apiBaseUrl: undefined,
        token: 'ghp_x',
        checkout: undefined,
      },
      {
        type: 'gitea',
        host: 'localhost:3000',
        apiBaseUrl: 'http://localhost:3000/api/v1',
        token: undefined,
        checkout: '/tmp/shop',
      },
    ]);
    expect(readForgesConfig(new ConfigReader({}))).toEqual([]);
  });

  it('names the bad key in its errors', () => {
    expect(() => read([{ host: 'github.com' }])).toThrow(
      'tektonDag.forges[0].type is required: one of github, gitea',
    );
    expect(() =>
      read([
        { type: 'github', host: 'github.com' },
        { type: 'gitlab', host: 'gitlab.com' },
      ]),
    ).toThrow('tektonDag.forges[1].type "gitlab" must be one of github, gitea');
    expect(() => read([{ type: 'gitea' }])).toThrow(
      'tektonDag.forges[0].host is required',
    );
    expect(() =>
      read([{ type: 'gitea', host: 'https://gitea.example' }]),
    ).toThrow(
      'tektonDag.forges[0].host "https://gitea.example" must be a host name',
    );
    expect(() =>
      read([
        { type: 'github', host: 'ghe.example', apiBaseUrl: 'ghe.example/api' },
      ]),
    ).toThrow('tektonDag.forges[0].apiBaseUrl must be an http(s) URL');
    expect(() =>
      read([
        { type: 'github', host: 'github.com' },
        { type: 'github', host: 'GitHub.com' },
      ]),
    ).toThrow(
      'tektonDag.forges[1] configures github host "GitHub.com" a second time',
    );
  });

  it('finds a forge by type and host, whatever the case of the host', () => {
    const forges = read([
      { type: 'github', host: 'GitHub.com' },
      { type: 'gitea', host: 'git.example' },
    ]);
    expect(findForge(forges, 'github', 'github.com')).toBe(forges[0]);
    expect(findForge(forges, 'gitea', 'GIT.EXAMPLE')).toBe(forges[1]);
    expect(findForge(forges, 'gitea', 'github.com')).toBeUndefined();
  });
});
