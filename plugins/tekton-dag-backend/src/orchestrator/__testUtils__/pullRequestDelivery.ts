import { createHmac, randomUUID } from 'crypto';
import type { Entity } from '@backstage/catalog-model';

/** A GitHub-style `pull_request` delivery: its body and the headers GitHub sends with it. */
export function pullRequestDelivery(options: {
  forge?: 'github' | 'gitea';
  secret: string;
  action?: string;
  number?: number;
  repository?: string;
  host?: string;
  headSha: string;
  baseSha?: string;
  author?: string;
  deliveryId?: string;
}) {
  const forge = options.forge ?? 'github';
  const repository = options.repository ?? 'tekton-dag/tekton-dag';
  const host = options.host ?? 'github.com';
  const number = options.number ?? 7;
  const htmlUrl = `https://${host}/${repository}`;
  const body = JSON.stringify({
    action: options.action ?? 'opened',
    number,
    pull_request: {
      number,
      html_url: `${htmlUrl}/pull/${number}`,
      title: 'Faster product search',
      user: { login: options.author ?? 'alice' },
      head: { sha: options.headSha, ref: 'faster-search' },
      base: { sha: options.baseSha ?? 'a'.repeat(40), ref: 'main' },
      merged: false,
    },
    repository: {
      full_name: repository,
      html_url: htmlUrl,
      clone_url: `${htmlUrl}.git`,
    },
    sender: { login: options.author ?? 'alice' },
  });
  const signature = createHmac('sha256', options.secret)
    .update(body)
    .digest('hex');
  const deliveryId = options.deliveryId ?? randomUUID();
  const headers: Record<string, string> =
    forge === 'github'
      ? {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': deliveryId,
          'x-hub-signature-256': `sha256=${signature}`,
        }
      : {
          'content-type': 'application/json',
          'x-gitea-event': 'pull_request',
          'x-gitea-delivery': deliveryId,
          'x-gitea-signature': signature,
        };
  return { body, headers, deliveryId };
}

/** The example shop as the catalog has it, relations included: web and search use the API. */
export function shopCatalog(
  extraAnnotations: Record<string, Record<string, string>> = {},
): Entity[] {
  const component = (
    name: string,
    relations: Array<[string, string]>,
  ): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'tekton-dag/pipelines': 'pr-pipeline',
        'tekton-dag/namespace': 'shop',
        'tekton-dag/cluster': 'local',
        'backstage.io/source-location': `url:https://github.com/tekton-dag/tekton-dag/tree/main/examples/shop/${name}/`,
        ...extraAnnotations[name],
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/shop-team',
      lifecycle: 'production',
      system: 'shop',
    },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/shop-team' },
      { type: 'partOf', targetRef: 'system:default/shop' },
      ...relations.map(([type, targetRef]) => ({ type, targetRef })),
    ],
  });
  return [
    component('shop-web', [
      ['dependsOn', 'component:default/shop-api'],
      ['dependsOn', 'component:default/shop-search'],
    ]),
    component('shop-api', [
      ['dependencyOf', 'component:default/shop-web'],
      ['dependencyOf', 'component:default/shop-search'],
    ]),
    component('shop-search', [
      ['dependsOn', 'component:default/shop-api'],
      ['dependencyOf', 'component:default/shop-web'],
    ]),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'shop', namespace: 'default' },
      spec: { owner: 'group:default/shop-team' },
      relations: [],
    },
  ];
}
