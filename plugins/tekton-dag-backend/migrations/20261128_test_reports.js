// @ts-check

/**
 * Test reports: one row per (run, pipeline task) report, one per test case. A test's identity
 * (suite, class, name) is hashed into `test_key` and indexed, for history queries across runs
 * (trends, flaky tests). No foreign key to the run: a report may arrive before the run's first
 * watch event and is kept until then.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tekton_dag_test_reports', table => {
    table.comment('Test reports of runs, per pipeline task');
    table.increments('id');
    table.string('run_uid', 64).notNullable();
    table.string('pipeline_task', 253).notNullable();
    table.string('source', 16).notNullable().comment('upload | result');
    table.integer('tests').notNullable();
    table.integer('passed').notNullable();
    table.integer('failed').notNullable();
    table.integer('errored').notNullable();
    table.integer('skipped').notNullable();
    table.bigInteger('duration_ms').notNullable();
    table
      .text('suites')
      .notNullable()
      .comment('JSON array of per-suite totals');
    table.text('coverage').nullable().comment('JSON coverage summary');
    table.datetime('received_at', { precision: 3 }).notNullable();
    table.unique(['run_uid', 'pipeline_task'], {
      indexName: 'tekton_dag_test_reports_run_task_idx',
    });
  });
  await knex.schema.createTable('tekton_dag_test_cases', table => {
    table.comment('Test cases of the reports');
    table.bigIncrements('id');
    table.integer('report_id').notNullable();
    table.string('run_uid', 64).notNullable();
    table
      .string('test_key', 64)
      .notNullable()
      .comment('sha256 of suite, class and name');
    table.text('suite').notNullable();
    table.text('class_name').notNullable();
    table.text('name').notNullable();
    table.string('status', 16).notNullable();
    table.integer('duration_ms').notNullable();
    table.text('message').nullable();
    table.string('type', 255).nullable();
    table.text('trace').nullable();
    table.text('system_out').nullable();
    table.text('system_err').nullable();
    table.index(['report_id', 'status'], 'tekton_dag_test_cases_report_idx');
    table.index(['test_key', 'run_uid'], 'tekton_dag_test_cases_key_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tekton_dag_test_cases');
  await knex.schema.dropTable('tekton_dag_test_reports');
};
