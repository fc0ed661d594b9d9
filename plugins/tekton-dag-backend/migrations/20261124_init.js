// @ts-check

/**
 * The run history: one row per PipelineRun ever seen (by UID, so several portal replicas can
 * upsert the same run), one per TaskRun. Rows outlive the cluster objects; `pruned_at` marks
 * runs deleted from the cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tekton_dag_runs', table => {
    table.comment(
      'PipelineRuns seen on the clusters, kept after they are pruned',
    );
    table.string('uid', 64).primary().notNullable();
    table.string('cluster', 253).notNullable();
    table.string('namespace', 253).notNullable();
    table.string('name', 253).notNullable();
    table.string('entity_ref', 512).nullable();
    table.string('pipeline', 253).notNullable();
    table.string('status', 16).notNullable();
    table.string('reason', 255).nullable();
    table.text('message').nullable();
    table.string('revision', 255).nullable();
    table.string('trigger_kind', 32).notNullable();
    table.string('triggered_by', 512).nullable();
    table.text('params').notNullable().comment('JSON object of param values');
    table
      .text('results')
      .notNullable()
      .comment('JSON object of pipeline results');
    table
      .text('conditions')
      .notNullable()
      .comment('JSON array of status conditions');
    table
      .text('pipeline_spec')
      .nullable()
      .comment(
        'JSON of the Pipeline spec the run ran (status.pipelineSpec), for its DAG',
      );
    table.datetime('created_at', { precision: 3 }).notNullable();
    table.datetime('started_at', { precision: 3 }).nullable();
    table.datetime('completed_at', { precision: 3 }).nullable();
    table.datetime('pruned_at', { precision: 3 }).nullable();
    table.bigInteger('resource_version').notNullable().defaultTo(0);
    table.datetime('updated_at', { precision: 3 }).notNullable();

    // Keyset pagination: newest first, UID as the tie-breaker.
    table.index(
      ['entity_ref', 'created_at', 'uid'],
      'tekton_dag_runs_entity_idx',
    );
    table.index(['created_at', 'uid'], 'tekton_dag_runs_created_idx');
    table.index(['pipeline', 'created_at'], 'tekton_dag_runs_pipeline_idx');
    table.index(['cluster', 'namespace', 'name'], 'tekton_dag_runs_name_idx');
  });

  await knex.schema.createTable('tekton_dag_task_runs', table => {
    table.comment('TaskRuns of the recorded PipelineRuns, with their steps');
    table.string('uid', 64).primary().notNullable();
    // No foreign key: a TaskRun's watch event may arrive before its PipelineRun's, and
    // nothing is dropped while the two informers catch up.
    table.string('run_uid', 64).notNullable();
    table.string('name', 253).notNullable();
    table.string('pipeline_task', 253).notNullable();
    table.string('status', 16).notNullable();
    table.string('reason', 255).nullable();
    table.string('pod_name', 253).nullable();
    table
      .text('steps')
      .notNullable()
      .comment('JSON array of steps with exit codes and times');
    table.text('results').notNullable().comment('JSON object of task results');
    table.datetime('started_at', { precision: 3 }).nullable();
    table.datetime('completed_at', { precision: 3 }).nullable();
    table.bigInteger('resource_version').notNullable().defaultTo(0);
    table.datetime('updated_at', { precision: 3 }).notNullable();

    table.index(['run_uid', 'started_at'], 'tekton_dag_task_runs_run_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tekton_dag_task_runs');
  await knex.schema.dropTable('tekton_dag_runs');
};
