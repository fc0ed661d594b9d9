// @ts-check

/**
 * Archived step logs: written when a TaskRun completes, served once its pod is gone.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tekton_dag_step_logs', table => {
    table.comment('Step logs of completed TaskRuns, gzip-compressed');
    table.string('task_run_uid', 64).notNullable();
    table.string('step', 253).notNullable();
    table.string('run_uid', 64).notNullable();
    table.binary('content').notNullable().comment('gzip of the log text');
    table
      .integer('size')
      .notNullable()
      .comment('bytes of the (possibly cut) text');
    table.boolean('truncated').notNullable().defaultTo(false);
    table.datetime('archived_at', { precision: 3 }).notNullable();
    table.primary(['task_run_uid', 'step']);
    table.index(['run_uid'], 'tekton_dag_step_logs_run_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tekton_dag_step_logs');
};
