// @ts-check

/**
 * Several portal replicas on one database: which replica watches which cluster (a lease each
 * renews while it lives), what the watching replica knows of the cluster (reachable, last
 * list) and the Pipelines from its watch, so every replica serves entity pages without asking
 * the cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tekton_dag_leases', table => {
    table.comment('Leases: one replica at a time holds each, renewing it');
    table.string('name', 255).primary().notNullable();
    table.string('holder', 255).notNullable();
    table.datetime('acquired_at', { precision: 3 }).notNullable();
    table.datetime('expires_at', { precision: 3 }).notNullable();
  });
  await knex.schema.createTable('tekton_dag_cluster_status', table => {
    table.comment(
      'The watch of each cluster, as its watching replica last saw it',
    );
    table.string('cluster', 253).primary().notNullable();
    table.boolean('reachable').notNullable();
    table.datetime('last_sync_at', { precision: 3 }).nullable();
    table.string('watched_by', 255).nullable();
    table.datetime('updated_at', { precision: 3 }).notNullable();
  });
  await knex.schema.createTable('tekton_dag_pipelines', table => {
    table.comment('Pipelines from the watch of the watching replica');
    table.string('cluster', 253).notNullable();
    table.string('scope', 253).notNullable().comment('watched namespace, or *');
    table.string('namespace', 253).notNullable();
    table.string('name', 253).notNullable();
    table.text('object').notNullable().comment('JSON of the Pipeline');
    table.bigInteger('resource_version').notNullable();
    table.primary(['cluster', 'namespace', 'name']);
    table.index(['cluster', 'scope'], 'tekton_dag_pipelines_scope_idx');
  });
  await knex.schema.createTable('tekton_dag_pipeline_scopes', table => {
    table.comment(
      'Which watched namespaces have their Pipelines in sync with the cluster',
    );
    table.string('cluster', 253).notNullable();
    table.string('scope', 253).notNullable().comment('watched namespace, or *');
    table.boolean('synced').notNullable();
    table
      .string('watched_by', 255)
      .notNullable()
      .comment('the replica whose watch filled it');
    table.datetime('updated_at', { precision: 3 }).notNullable();
    table.primary(['cluster', 'scope']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tekton_dag_pipeline_scopes');
  await knex.schema.dropTable('tekton_dag_pipelines');
  await knex.schema.dropTable('tekton_dag_cluster_status');
  await knex.schema.dropTable('tekton_dag_leases');
};
