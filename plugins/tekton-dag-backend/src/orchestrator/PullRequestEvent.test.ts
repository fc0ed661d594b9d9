import { InputError } from '@backstage/errors';
import { parsePullRequestEvent } from './PullRequestEvent';

const payload = (overrides: Record<string, unknown> = {}) => ({
  action: 'synchronized',
  number: 42,
  pull_request: {
    number: 42,
    html_url: 'https://gitea.example/acme/shop/pulls/42',
    title: 'Faster search',
    user: { login: 'alice' },
    head: { sha: 'A'.repeat(40), ref: 'faster-search' },
    base: { sha: 'b'.repeat(40), ref: 'main' },
    merged: false,
  },
  repository: {
    full_name: 'acme/shop',
    html_url: 'https://gitea.example/acme/shop',
    clone_url: 'https://gitea.example/acme/shop.git',
  },
  ...overrides,
});

describe('parsePullRequestEvent', () => {
  it("reads a Gitea delivery, Gitea's synchronized as synchronize", () => {
    expect(
      parsePullRequestEvent('gitea', payload(), { 'x-gitea-delivery': 'd-1' }),
    ).toEqual({
      forge: 'gitea',
      deliveryId: 'd-1',
      action: 'synchronize',
      merged: false,
      number: 42,
      url: 'https://gitea.example/acme/shop/pulls/42',
      title: 'Faster search',
      author: 'alice',
      host: 'gitea.example',
      owner: 'acme',
      repo: 'shop',
      cloneUrl: 'https://gitea.example/acme/shop.git',
      head: { sha: 'a'.repeat(40), ref: 'faster-search' },
      base: { sha: 'b'.repeat(40), ref: 'main' },
      mergeSha: undefined,
    });
  });

  it('refuses what a run cannot be made of', () => {
    const parse =
      (
        body: unknown,
        metadata: Record<string, unknown> = { 'x-github-delivery': 'd' },
      ) =>
      () =>
        parsePullRequestEvent('github', body, metadata);
    expect(parse({ action: 'opened' })).toThrow(InputError);
    expect(parse(payload(), {})).toThrow('no delivery id');
    expect(
      parse(
        payload({
          repository: {
            full_name: 'acme',
            html_url: 'https://github.com/acme',
          },
        }),
      ),
    ).toThrow('is not an owner/name repository');
    const badSha = payload();
    (badSha.pull_request as any).head.sha = '$(rm -rf /)';
    expect(parse(badSha)).toThrow('not a commit SHA');
  });
});
