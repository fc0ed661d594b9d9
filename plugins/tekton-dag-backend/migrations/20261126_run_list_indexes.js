// @ts-check

/**
 * Indexes for the portal-wide run list: by status (active runs, failures) and, on PostgreSQL,
 * a trigram index for the free-text search (`q`), so a search that matches a handful of runs
 * among millions does not read them all.
 *
 * The search expression must stay identical to SEARCH_TEXT in src/store/DatabaseRunStore.ts,
 * or PostgreSQL will not use the index.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tekton_dag_runs', table => {
    table.index(['status', 'created_at', 'uid'], 'tekton_dag_runs_status_idx');
  });
  if (knex.client.config.client !== 'pg') return;
  // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. Where the
  // portal's role may not, search still works, by scanning; a savepoint keeps the migration's
  // transaction usable after the failure.
  const trigrams = await knex
    .transaction(async tx => {
      await tx.raw('create extension if not exists pg_trgm');
      return true;
    })
    .catch(() => false);
  if (!trigrams) return;
  await knex.raw(
    `create index tekton_dag_runs_search_idx on tekton_dag_runs using gin
       ((lower(name || ' ' || pipeline || ' ' || coalesce(entity_ref, '') || ' ' || coalesce(revision, ''))) gin_trgm_ops)`,
  );
  // Statistics of the indexed expression tell the planner how common a search term is: a
  // common one is best found by reading the newest runs in order, a rare one by the index.
  // With the default sample it takes terms matching 1% of a million runs for rare ones and
  // reads them all (100+ ms instead of 5 ms); a larger sample tells them apart. Analyzed now,
  // not at autovacuum's next visit.
  await knex.raw(
    'alter index tekton_dag_runs_search_idx alter column 1 set statistics 1000',
  );
  await knex.raw('analyze tekton_dag_runs');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    await knex.raw('drop index if exists tekton_dag_runs_search_idx');
  }
  await knex.schema.alterTable('tekton_dag_runs', table => {
    table.dropIndex(
      ['status', 'created_at', 'uid'],
      'tekton_dag_runs_status_idx',
    );
  });
};
