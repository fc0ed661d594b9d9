import { ConfigReader } from '@backstage/config';
import { readArgoCdConfig } from './readArgoCdConfig';

const read = (argocd?: object) =>
  readArgoCdConfig(new ConfigReader(argocd ? { tektonDag: { argocd } } : {}));

describe('readArgoCdConfig', () => {
  it('defaults to no instances and the argocd namespace', () => {
    expect(read()).toEqual({ instances: [], namespace: 'argocd' });
  });

  it('reads instances and the namespace', () => {
    expect(
      read({
        namespace: 'gitops',
        instances: [
          { name: 'prod', url: 'https://argocd.example.com', token: 't' },
          {
            name: 'dev',
            url: 'https://argocd.dev.example.com',
            token: 'u',
            skipTLSVerify: true,
          },
        ],
      }),
    ).toEqual({
      namespace: 'gitops',
      instances: [
        {
          name: 'prod',
          url: 'https://argocd.example.com',
          token: 't',
          skipTLSVerify: false,
        },
        {
          name: 'dev',
          url: 'https://argocd.dev.example.com',
          token: 'u',
          skipTLSVerify: true,
        },
      ],
    });
  });

  it('names the bad key', () => {
    expect(() =>
      read({ instances: [{ name: 'prod', url: 'argocd:443', token: 't' }] }),
    ).toThrow('tektonDag.argocd.instances[0].url must be an http(s) URL');
    expect(() =>
      read({
        instances: [
          { name: 'prod', url: 'https://a.example', token: 't' },
          { name: 'prod', url: 'https://b.example', token: 't' },
        ],
      }),
    ).toThrow('tektonDag.argocd.instances[1].name "prod" is used by another');
    expect(() =>
      read({ instances: [{ name: 'prod', url: 'https://a.example' }] }),
    ).toThrow(/token/);
  });
});
