// @ts-check

/**
 * Uploads without a long transaction: a report being uploaded is `pending` (its cases are
 * written in batches and read by nobody) until it is swapped in as the task's `ready` report.
 * One pending and one ready report per (run, task): a second concurrent upload is refused by
 * the unique index. `heartbeat_at` tells a live upload from one whose replica died.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tekton_dag_test_reports', table => {
    table
      .string('state', 16)
      .notNullable()
      .defaultTo('ready')
      .comment('ready | pending (an upload in progress)');
    table
      .datetime('heartbeat_at', { precision: 3 })
      .nullable()
      .comment('last sign of life of a pending upload');
  });
  await knex.schema.alterTable('tekton_dag_test_reports', table => {
    table.dropUnique(
      ['run_uid', 'pipeline_task'],
      'tekton_dag_test_reports_run_task_idx',
    );
    table.unique(['run_uid', 'pipeline_task', 'state'], {
      indexName: 'tekton_dag_test_reports_run_task_state_idx',
    });
    // Retention's orphan sweep reads reports by age.
    table.index(['received_at'], 'tekton_dag_test_reports_received_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('tekton_dag_test_cases')
    .whereIn(
      'report_id',
      knex('tekton_dag_test_reports').where({ state: 'pending' }).select('id'),
    )
    .delete();
  await knex('tekton_dag_test_reports').where({ state: 'pending' }).delete();
  await knex.schema.alterTable('tekton_dag_test_reports', table => {
    table.dropIndex(['received_at'], 'tekton_dag_test_reports_received_idx');
    table.dropUnique(
      ['run_uid', 'pipeline_task', 'state'],
      'tekton_dag_test_reports_run_task_state_idx',
    );
    table.unique(['run_uid', 'pipeline_task'], {
      indexName: 'tekton_dag_test_reports_run_task_idx',
    });
  });
  await knex.schema.alterTable('tekton_dag_test_reports', table => {
    table.dropColumn('heartbeat_at');
    table.dropColumn('state');
  });
};
