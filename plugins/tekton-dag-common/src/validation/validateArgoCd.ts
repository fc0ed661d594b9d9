import { ANNOTATION_ARGOCD_SYNC_WAVE } from '../annotations';
import { LocatedResource, resourceId } from './resources';
import {
  SEED_SYNC_WAVES,
  SyncWave,
  WAVELESS_KINDS,
  seedWaveOfKind,
} from './syncWaves';
import type { ValidationProblem } from './types';

export interface ArgoCdValidationOptions {
  /**
   * Whether an Application's `repoURL` is the repository being validated; only those paths
   * can be checked. Default: every Application is taken to point at this repository.
   */
  isThisRepository?: (repoURL: string) => boolean;
  /** The wave order to enforce; default the seed's. */
  syncWaves?: SyncWave[];
}

function normalizePath(path: string): string {
  return path.replace(/^\.\/+/, '').replace(/\/+$/, '');
}

function isUnder(file: string, dir: string): boolean {
  return (
    dir === '' || dir === '.' || file === dir || file.startsWith(`${dir}/`)
  );
}

/**
 * Checks Argo CD Applications: each points at a path that exists in the repository, names an
 * existing AppProject, and carries the sync wave that the kinds under its path belong to in
 * the seed's order; one Application never mixes waves.
 */
export function validateArgoCdApplications(
  resources: LocatedResource[],
  allFiles: string[],
  options: ArgoCdValidationOptions = {},
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const waves = options.syncWaves ?? SEED_SYNC_WAVES;
  const isThisRepository = options.isThisRepository ?? (() => true);
  const projects = new Set(
    resources
      .filter(r => r.kind === 'AppProject')
      .map(r => r.name)
      .concat('default'),
  );
  const applications = resources.filter(
    r =>
      r.kind === 'Application' &&
      r.object.apiVersion?.startsWith('argoproj.io/'),
  );

  for (const app of applications) {
    const report = (message: string, missing?: ValidationProblem['missing']) =>
      problems.push({
        file: app.file,
        resource: resourceId(app),
        message,
        ...(missing ? { missing } : {}),
      });
    const spec = (app.object.spec ?? {}) as Record<string, any>;
    const sources: Array<Record<string, any>> =
      spec.sources ?? (spec.source ? [spec.source] : []);
    if (sources.length === 0) report('has no source');
    if (!spec.destination?.server && !spec.destination?.name)
      report('has no destination');
    if (spec.project && !projects.has(spec.project)) {
      report(`belongs to AppProject "${spec.project}", which does not exist`, {
        kind: 'AppProject',
        name: spec.project,
      });
    }

    const contents: LocatedResource[] = [];
    for (const source of sources) {
      if (
        typeof source.path !== 'string' ||
        !isThisRepository(source.repoURL ?? '')
      )
        continue;
      const dir = normalizePath(source.path);
      if (!allFiles.some(file => isUnder(file, dir))) {
        report(
          `points at path "${source.path}", which does not exist in the repository`,
        );
        continue;
      }
      contents.push(...resources.filter(r => isUnder(r.file, dir)));
    }

    const rawWave =
      app.object.metadata?.annotations?.[ANNOTATION_ARGOCD_SYNC_WAVE];
    const wave = rawWave === undefined ? undefined : Number(rawWave);
    if (rawWave !== undefined && !Number.isInteger(wave)) {
      report(`has sync wave "${rawWave}", which is not a whole number`);
      continue;
    }
    const kindWaves = new Map<number, Set<string>>();
    for (const resource of contents) {
      if (WAVELESS_KINDS.includes(resource.kind)) continue;
      const kindWave = seedWaveOfKind(resource.kind, waves);
      if (kindWave === undefined) continue;
      kindWaves.set(
        kindWave,
        (kindWaves.get(kindWave) ?? new Set()).add(resource.kind),
      );
    }
    if (kindWaves.size === 0) continue;
    if (kindWaves.size > 1) {
      const mix = [...kindWaves.entries()]
        .sort(([a], [b]) => a - b)
        .map(([w, kinds]) => `${[...kinds].join(', ')} (wave ${w})`)
        .join('; ');
      report(`mixes resources of different sync waves: ${mix}`);
      continue;
    }
    const [[expected, kinds]] = [...kindWaves.entries()];
    const title = waves.find(w => w.wave === expected)?.title;
    if (wave === undefined) {
      report(
        `installs ${[...kinds].join(
          ', ',
        )} but has no ${ANNOTATION_ARGOCD_SYNC_WAVE} annotation (expected "${expected}", ${title})`,
      );
    } else if (wave !== expected) {
      report(
        `installs ${[...kinds].join(
          ', ',
        )} in sync wave ${wave}; the order is wave ${expected} (${title})`,
      );
    }
  }
  return problems;
}
