// @ts-check

/**
 * What the run page shows besides statuses: the tasks Tekton skipped (with why), and each
 * TaskRun's params after substitution.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tekton_dag_runs', table => {
    table
      .text('skipped_tasks')
      .nullable()
      .comment('JSON array of {name, reason} from status.skippedTasks');
  });
  await knex.schema.alterTable('tekton_dag_task_runs', table => {
    table.text('params').nullable().comment('JSON object of spec.params');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('tekton_dag_task_runs', table => {
    table.dropColumn('params');
  });
  await knex.schema.alterTable('tekton_dag_runs', table => {
    table.dropColumn('skipped_tasks');
  });
};
