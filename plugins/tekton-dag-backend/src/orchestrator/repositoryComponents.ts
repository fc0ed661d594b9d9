import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_SOURCE_PATH,
} from '@tekton-dag/plugin-tekton-dag-common';

/** A component of a repository and the folder it lives in (`''`: the whole repository). */
export interface RepositoryComponent {
  ref: string;
  entity: Entity;
  path: string;
}

const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';
const GITHUB_PROJECT_SLUG = 'github.com/project-slug';

const trimSlashes = (path: string) => path.replace(/^\/+|\/+$/g, '');

/**
 * Splits a repository URL as Backstage annotations hold it into host, owner/name and the path
 * inside the repository: GitHub's `/tree|blob/<ref>/<path>`, Gitea's
 * `/src/branch|commit|tag/<ref>/<path>`.
 */
export function parseRepositoryUrl(
  location: string,
): { host: string; repository: string; path: string } | undefined {
  const url = location.replace(/^(url|github|gitea):/, '');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const parts = parsed.pathname.split('/').filter(Boolean);
  if (parts.length < 2) return undefined;
  const [owner, name, ...rest] = parts;
  let path: string[] = [];
  if ((rest[0] === 'tree' || rest[0] === 'blob') && rest.length >= 2)
    path = rest.slice(2);
  else if (rest[0] === 'src' && rest.length >= 3) path = rest.slice(3);
  return {
    host: parsed.host.toLowerCase(),
    repository: `${owner}/${name.replace(/\.git$/, '')}`.toLowerCase(),
    path: trimSlashes(decodeURIComponent(path.join('/'))),
  };
}

/**
 * The components of one repository, each with its folder: the `tekton-dag/source-path`
 * annotation, else the path in its `backstage.io/source-location`, else the folder of the
 * catalog file that defines it (when that file is in the same repository).
 */
export function findRepositoryComponents(
  entities: Entity[],
  repo: { host: string; owner: string; repo: string; forge: string },
): RepositoryComponent[] {
  const wanted = `${repo.owner}/${repo.repo}`.toLowerCase();
  const found: RepositoryComponent[] = [];
  for (const entity of entities) {
    if (entity.kind.toLowerCase() !== 'component') continue;
    const annotations = entity.metadata.annotations ?? {};
    const source = annotations[ANNOTATION_SOURCE_LOCATION]
      ? parseRepositoryUrl(annotations[ANNOTATION_SOURCE_LOCATION])
      : undefined;
    const slug = annotations[GITHUB_PROJECT_SLUG]?.toLowerCase();
    const inRepository =
      (source?.host === repo.host && source.repository === wanted) ||
      (repo.forge === 'github' && !source && slug === wanted);
    if (!inRepository) continue;
    let path = source?.path ?? '';
    if (annotations[ANNOTATION_SOURCE_PATH] !== undefined) {
      path = trimSlashes(annotations[ANNOTATION_SOURCE_PATH]);
    } else if (!path && annotations[MANAGED_BY_LOCATION]) {
      const managed = parseRepositoryUrl(annotations[MANAGED_BY_LOCATION]);
      if (managed?.host === repo.host && managed.repository === wanted)
        path = managed.path.split('/').slice(0, -1).join('/');
    }
    found.push({ ref: stringifyEntityRef(entity), entity, path });
  }
  return found;
}

/**
 * The components changed files belong to: each file to the component with the deepest folder
 * that contains it (a monorepo's root component gets only what no other component claims).
 */
export function componentsOfFiles(
  components: RepositoryComponent[],
  files: string[],
): RepositoryComponent[] {
  const byDepth = [...components].sort((a, b) => b.path.length - a.path.length);
  const changed = new Map<string, RepositoryComponent>();
  for (const file of files) {
    const path = trimSlashes(file);
    const contains = (c: RepositoryComponent) =>
      c.path === '' || path === c.path || path.startsWith(`${c.path}/`);
    const deepest = byDepth.find(contains);
    // Components that share the deepest folder (several defined in one place) all changed.
    for (const owner of byDepth)
      if (deepest && owner.path === deepest.path) changed.set(owner.ref, owner);
  }
  return [...changed.values()].sort((a, b) => a.ref.localeCompare(b.ref));
}
