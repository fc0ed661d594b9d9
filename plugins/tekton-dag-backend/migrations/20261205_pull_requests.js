// @ts-check

/**
 * Runs started by pull requests: the pull request and the plan on the run (a key to find the
 * runs of one pull request, so a new push cancels the older ones); the webhook deliveries seen
 * (a replayed delivery starts nothing); and the commit statuses owed to the forges, kept until
 * the forge has the run's final state.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tekton_dag_runs', table => {
    table.text('pull_request').nullable().comment('JSON: the pull request');
    table
      .string('pull_request_key', 512)
      .nullable()
      .comment('forge/host/owner/name#number');
    table
      .text('plan')
      .nullable()
      .comment('JSON: what a generated run builds and tests, and why');
    table.index(['pull_request_key'], 'tekton_dag_runs_pull_request_idx');
  });
  await knex.schema.createTable('tekton_dag_webhook_deliveries', table => {
    table.comment('Webhook deliveries handled: a replay of one starts nothing');
    table
      .string('delivery_key', 300)
      .primary()
      .notNullable()
      .comment('forge:delivery id');
    table.datetime('received_at', { precision: 3 }).notNullable();
    table.string('outcome', 32).nullable();
    table.text('detail').nullable();
    table.index(['received_at'], 'tekton_dag_webhook_deliveries_received_idx');
  });
  await knex.schema.createTable('tekton_dag_forge_statuses', table => {
    table.comment(
      'Commit statuses owed to forges for runs started by pull requests',
    );
    table.string('run_uid', 64).primary().notNullable();
    table.string('forge', 16).notNullable();
    table.string('host', 253).notNullable();
    table.string('repository', 300).notNullable();
    table.string('sha', 64).notNullable();
    table.text('target_url').nullable();
    table.string('context', 255).notNullable();
    table
      .string('reported_state', 16)
      .nullable()
      .comment('the last state the forge has');
    table
      .boolean('settled')
      .notNullable()
      .defaultTo(false)
      .comment('the final state is sent');
    table.integer('attempts').notNullable().defaultTo(0);
    table.datetime('next_attempt_at', { precision: 3 }).notNullable();
    table.text('last_error').nullable();
    table.datetime('updated_at', { precision: 3 }).notNullable();
    table.index(
      ['settled', 'next_attempt_at'],
      'tekton_dag_forge_statuses_due_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tekton_dag_forge_statuses');
  await knex.schema.dropTable('tekton_dag_webhook_deliveries');
  await knex.schema.alterTable('tekton_dag_runs', table => {
    table.dropIndex([], 'tekton_dag_runs_pull_request_idx');
    table.dropColumn('plan');
    table.dropColumn('pull_request_key');
    table.dropColumn('pull_request');
  });
};
