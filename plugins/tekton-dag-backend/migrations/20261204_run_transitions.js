// @ts-check

/**
 * The runs' status transitions, written in the same transaction as the run that made them: an
 * outbox. The replica that recorded a transition announces it at once; one that died before
 * it could (or whose announcement failed: the event bus was down) leaves it to the relay,
 * which announces what is left over. So no browser misses a status change, whatever fails.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tekton_dag_run_transitions', table => {
    table.comment('Status transitions of runs, announced to browsers once');
    table.bigIncrements('id');
    table.string('run_uid', 64).notNullable();
    table.string('entity_ref', 512).nullable();
    table.string('previous_status', 16).nullable().comment('null: a new run');
    table.string('status', 16).notNullable();
    table.datetime('recorded_at', { precision: 3 }).notNullable();
    table
      .datetime('publishing_since', { precision: 3 })
      .nullable()
      .comment('when a replica took it to announce');
    table.datetime('published_at', { precision: 3 }).nullable();
    table.index(
      ['published_at', 'publishing_since'],
      'tekton_dag_run_transitions_pending_idx',
    );
    table.index(['run_uid'], 'tekton_dag_run_transitions_run_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tekton_dag_run_transitions');
};
