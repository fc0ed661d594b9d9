import type { Knex } from 'knex';
import type { BuiltBy, RunStatus } from '@tekton-dag/plugin-tekton-dag-common';
import type { DatabaseReportStore } from '../reports/ReportStore';

/** A short revision is accepted down to this many characters (git's default abbreviation). */
export const MIN_PREFIX = 7;

/**
 * Whether a run's recorded revision is the deployed one: equal, or one a prefix of the other
 * with at least 7 characters (an abbreviated SHA), ignoring case.
 */
export function revisionsMatch(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= MIN_PREFIX && long.startsWith(short);
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
 * runs of all revisions (narrowed by the entity index and the first 7 characters) and one for
 * their totals, however many Applications and history entries the entity has.
 */
export class DatabaseBuiltByLookup implements BuiltByLookup {
  constructor(
    private readonly db: Knex,
    private readonly reports: DatabaseReportStore,
  ) {}

  async findBuiltBy(
    entityRef: string,
    revisions: string[],
  ): Promise<Map<string, BuiltBy>> {
    const wanted = [...new Set(revisions.filter(Boolean))];
    const result = new Map<string, BuiltBy>();
    if (!wanted.length) return result;
    const prefixes = [
      ...new Set(
        wanted
          .filter(r => r.length >= MIN_PREFIX)
          .map(r => r.slice(0, MIN_PREFIX).toLowerCase()),
      ),
    ];
    const rows: any[] = await this.db('tekton_dag_runs')
      .where('entity_ref', entityRef)
      .whereNotNull('revision')
      .where(query => {
        query.whereIn('revision', wanted);
        if (prefixes.length)
          query.orWhereRaw(
            `lower(substr(revision, 1, ${MIN_PREFIX})) in (${prefixes
              .map(() => '?')
              .join(', ')})`,
            prefixes,
          );
      })
      .select('uid', 'name', 'pipeline', 'status', 'created_at', 'revision')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'uid', order: 'desc' },
      ])
      .limit(2000);

    const chosen = new Map<string, any>();
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
      ...new Set([...chosen.values()].map(row => row.uid as string)),
    ]);
    for (const [revision, row] of chosen) {
      const builtBy: BuiltBy = {
        runId: row.uid,
        runName: row.name,
        pipeline: row.pipeline,
        status: row.status as RunStatus,
        createdAt: new Date(row.created_at).toISOString(),
      };
      const runTotals = totals.get(row.uid);
      if (runTotals) builtBy.totals = runTotals;
      result.set(revision, builtBy);
    }
    return result;
  }
}
