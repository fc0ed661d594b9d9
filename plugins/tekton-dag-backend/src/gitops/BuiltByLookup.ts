import type { BuiltBy } from '@tekton-dag/plugin-tekton-dag-common';
import { MIN_REVISION_PREFIX } from '../database/DatabaseRunStore';
import type { ReportStore } from '../database/ReportStore';
import type { RunAtRevision, RunStore } from '../database/RunStore';

/**
 * Whether a run's recorded revision is the deployed one: equal, or one a prefix of the other
 * with at least 7 characters (an abbreviated SHA), ignoring case.
 */
export function revisionsMatch(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= MIN_REVISION_PREFIX && long.startsWith(short);
}

/** One deployment of an entity: a revision, and when Argo CD deployed it (when known). */
export interface Deployment {
  revision: string;
  deployedAt?: string;
}

/** The key of a deployment in findBuiltBy's answer. */
export const deploymentKey = (deployment: Deployment) =>
  `${deployment.revision}@${deployment.deployedAt ?? ''}`;

/** Which tekton-dag run built each deployment of an entity. */
export interface BuiltByLookup {
  /** The builder of each deployment that has one, by deploymentKey. */
  findBuiltBy(
    entityRef: string,
    deployments: Deployment[],
  ): Promise<Map<string, BuiltBy>>;
}

/**
 * The run that built a deployment: of the runs at its revision, the latest to finish before
 * it was deployed, a Succeeded one when there is one; none when no run had finished by then
 * (a run of the same commit that came later did not build what was deployed). Without a
 * deployment time, any finished run counts.
 */
export function builderOf(
  runsAtRevision: RunAtRevision[],
  deployedAt?: string,
): RunAtRevision | undefined {
  const deployed = deployedAt ? Date.parse(deployedAt) : Infinity;
  const before = runsAtRevision
    .filter(run => run.completedAt && Date.parse(run.completedAt) <= deployed)
    .sort((a, b) => Date.parse(b.completedAt!) - Date.parse(a.completedAt!));
  return before.find(run => run.status === 'Succeeded') ?? before[0];
}

/**
 * Finds, for every deployment of an entity, the run that built it (builderOf), with its test
 * totals. One query for the runs of all revisions and one for their totals, however many
 * Applications and history entries the entity has.
 */
export class StoreBuiltByLookup implements BuiltByLookup {
  constructor(
    private readonly runs: Pick<RunStore, 'findRunsAtRevisions'>,
    private readonly reports: Pick<ReportStore, 'getRunTotals'>,
  ) {}

  async findBuiltBy(
    entityRef: string,
    deployments: Deployment[],
  ): Promise<Map<string, BuiltBy>> {
    const wanted = [
      ...new Set(deployments.map(d => d.revision).filter(Boolean)),
    ];
    const result = new Map<string, BuiltBy>();
    if (!wanted.length) return result;
    const rows = await this.runs.findRunsAtRevisions(entityRef, wanted);
    const chosen = new Map<string, RunAtRevision>();
    for (const deployment of deployments) {
      if (!deployment.revision) continue;
      const run = builderOf(
        rows.filter(row => revisionsMatch(row.revision, deployment.revision)),
        deployment.deployedAt,
      );
      if (run) chosen.set(deploymentKey(deployment), run);
    }
    const totals = await this.reports.getRunTotals([
      ...new Set([...chosen.values()].map(row => row.uid)),
    ]);
    for (const [key, row] of chosen) {
      const builtBy: BuiltBy = {
        runId: row.uid,
        runName: row.name,
        pipeline: row.pipeline,
        status: row.status,
        createdAt: row.createdAt,
      };
      const runTotals = totals.get(row.uid);
      if (runTotals) builtBy.totals = runTotals;
      result.set(key, builtBy);
    }
    return result;
  }
}
