// @ts-check

/**
 * How a run names its entity when only the catalog can resolve it (our label value, or the
 * community plugin's `backstage.io/kubernetes-id`), e.g. `label=component.default.shop-api`. A
 * run recorded before the catalog knew its entity keeps this, and is linked to the entity when
 * the entity index next refreshes: finished runs get no more watch events to fix them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tekton_dag_runs', table => {
    table
      .string('entity_attribution', 512)
      .nullable()
      .comment(
        'label=<value> or kubernetes-id=<id>, when the run names its entity so',
      );
    table.index(['entity_attribution'], 'tekton_dag_runs_attribution_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('tekton_dag_runs', table => {
    table.dropIndex(['entity_attribution'], 'tekton_dag_runs_attribution_idx');
    table.dropColumn('entity_attribution');
  });
};
