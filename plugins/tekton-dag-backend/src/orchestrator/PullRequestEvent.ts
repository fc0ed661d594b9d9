import { InputError } from '@backstage/errors';
import type { ForgeType } from '../forges/types';

/** A pull-request webhook delivery of either forge, in one shape. */
export interface PullRequestEvent {
  forge: ForgeType;
  /** The forge's delivery id (`X-GitHub-Delivery`, `X-Gitea-Delivery`): replays repeat it. */
  deliveryId: string;
  /** `opened`, `synchronize`, `reopened`, `closed`, … (Gitea's `synchronized` is `synchronize`). */
  action: string;
  merged: boolean;
  number: number;
  url: string;
  title?: string;
  author?: string;
  host: string;
  owner: string;
  repo: string;
  cloneUrl: string;
  head: { sha: string; ref?: string };
  base: { sha: string; ref?: string };
  /** The merge commit of a merged pull request. */
  mergeSha?: string;
}

const SHA = /^[0-9a-f]{7,64}$/i;

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || !value)
    throw new InputError(`The pull_request delivery has no ${what}`);
  return value;
}

function header(
  metadata: Record<string, unknown> | undefined,
  names: string[],
) {
  for (const name of names) {
    const value = metadata?.[name];
    if (typeof value === 'string' && value) return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

/**
 * Reads a `pull_request` delivery of GitHub or Gitea/Forgejo (their payloads share this shape).
 * Anything missing that a run needs is an InputError: the delivery starts nothing.
 */
export function parsePullRequestEvent(
  forge: ForgeType,
  payload: unknown,
  metadata: Record<string, unknown> | undefined,
): PullRequestEvent {
  const body = payload as any;
  if (!body || typeof body !== 'object' || !body.pull_request)
    throw new InputError('The delivery is not a pull_request event');
  const deliveryId = header(
    metadata,
    forge === 'github'
      ? ['x-github-delivery']
      : ['x-gitea-delivery', 'x-forgejo-delivery', 'x-github-delivery'],
  );
  if (!deliveryId) throw new InputError('The delivery has no delivery id');
  const pr = body.pull_request;
  const repository = body.repository ?? pr.base?.repo;
  const fullName = text(repository?.full_name, 'repository.full_name');
  const [owner, repo, ...rest] = fullName.split('/');
  if (!owner || !repo || rest.length)
    throw new InputError(`"${fullName}" is not an owner/name repository`);
  const htmlUrl = text(repository?.html_url, 'repository.html_url');
  let host: string;
  try {
    host = new URL(htmlUrl).host.toLowerCase();
  } catch {
    throw new InputError(`repository.html_url "${htmlUrl}" is not a URL`);
  }
  const headSha = text(pr.head?.sha, 'pull_request.head.sha');
  const baseSha = text(pr.base?.sha, 'pull_request.base.sha');
  if (!SHA.test(headSha) || !SHA.test(baseSha))
    throw new InputError('The pull request head or base is not a commit SHA');
  const number = Number(pr.number ?? body.number);
  if (!Number.isInteger(number) || number < 1)
    throw new InputError('The delivery has no pull request number');
  const action = text(body.action, 'action');
  return {
    forge,
    deliveryId,
    action: action === 'synchronized' ? 'synchronize' : action,
    merged: pr.merged === true,
    number,
    url: text(pr.html_url, 'pull_request.html_url'),
    title: typeof pr.title === 'string' ? pr.title : undefined,
    author: pr.user?.login ?? body.sender?.login ?? undefined,
    host,
    owner,
    repo,
    cloneUrl:
      typeof repository.clone_url === 'string'
        ? repository.clone_url
        : `${htmlUrl.replace(/\/$/, '')}.git`,
    head: { sha: headSha.toLowerCase(), ref: pr.head?.ref },
    base: { sha: baseSha.toLowerCase(), ref: pr.base?.ref },
    mergeSha:
      typeof pr.merge_commit_sha === 'string' && SHA.test(pr.merge_commit_sha)
        ? pr.merge_commit_sha.toLowerCase()
        : undefined,
  };
}
