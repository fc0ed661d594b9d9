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

/** Which tekton-dag run built each deployed revision of an entity. */
export interface BuiltByLookup {
  findBuiltBy(
    entityRef: string,
    revisions: string[],
  ): Promise<Map<string, BuiltBy>>;
}

/**
 * Finds, for every deployed revision of an entity, the entity's newest run that recorded that
 * git revision, a Succeeded one when there is one, with its test totals. One query for the
 * runs of all revisions and one for their totals, however many Applications and history
 * entries the entity has.
 */
export class StoreBuiltByLookup implements BuiltByLookup {
  constructor(
    private readonly runs: Pick<RunStore, 'findRunsAtRevisions'>,
    private readonly reports: Pick<ReportStore, 'getRunTotals'>,
  ) {}

  async findBuiltBy(
    entityRef: string,
    revisions: string[],
  ): Promise<Map<string, BuiltBy>> {
    const wanted = [...new Set(revisions.filter(Boolean))];
    const result = new Map<string, BuiltBy>();
    if (!wanted.length) return result;
    const rows = await this.runs.findRunsAtRevisions(entityRef, wanted);
    const chosen = new Map<string, RunAtRevision>();
    for (const revision of wanted) {
      const matching = rows.filter(row =>
        revisionsMatch(row.revision, revision),
      );
      // Rows are newest first: the newest Succeeded run, else the newest run.
      const run =
        matching.find(row => row.status === 'Succeeded') ?? matching[0];
      if (run) chosen.set(revision, run);
    }
    const totals = await this.reports.getRunTotals([
      ...new Set([...chosen.values()].map(row => row.uid)),
    ]);
    for (const [revision, row] of chosen) {
      const builtBy: BuiltBy = {
        runId: row.uid,
        runName: row.name,
        pipeline: row.pipeline,
        status: row.status,
        createdAt: row.createdAt,
      };
      const runTotals = totals.get(row.uid);
      if (runTotals) builtBy.totals = runTotals;
      result.set(revision, builtBy);
    }
    return result;
  }
}
