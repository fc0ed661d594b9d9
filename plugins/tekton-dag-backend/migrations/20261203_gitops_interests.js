// @ts-check

/**
 * GitOps changes for several replicas: which entities show which Argo CD Applications (so
 * every replica, also one started later, watches and signals for all of them), and the claims
 * that let exactly one replica publish each change of an Application to each entity.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tekton_dag_gitops_interests', table => {
    table.comment(
      'Entities and the Argo CD Applications their GitOps views show',
    );
    table.string('entity_ref', 512).notNullable();
    table
      .string('source_key', 512)
      .notNullable()
      .comment(
        'kubernetes or argocd, the cluster or instance, and the namespace',
      );
    table.string('source_kind', 16).notNullable();
    table.string('source_name', 253).notNullable();
    table.string('namespace', 253).nullable();
    table
      .text('names')
      .notNullable()
      .comment('JSON array of Application names');
    table.text('selector').nullable().comment('argocd/app-selector');
    table.datetime('seen_at', { precision: 3 }).notNullable();
    table.primary(['entity_ref', 'source_key']);
    table.index(['seen_at'], 'tekton_dag_gitops_interests_seen_idx');
  });
  await knex.schema.createTable('tekton_dag_signal_claims', table => {
    table.comment(
      'One row per change published, so exactly one replica publishes it',
    );
    table
      .string('claim', 64)
      .primary()
      .notNullable()
      .comment('sha256 of the change');
    table.datetime('claimed_at', { precision: 3 }).notNullable();
    table.index(['claimed_at'], 'tekton_dag_signal_claims_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tekton_dag_signal_claims');
  await knex.schema.dropTable('tekton_dag_gitops_interests');
};
