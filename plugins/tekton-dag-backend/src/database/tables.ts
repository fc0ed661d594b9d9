/**
 * The plugin's tables, in one place. Each belongs to exactly one store; a store reads and
 * writes only its own (the migrations in ../../migrations create them).
 */
export const TABLES = {
  /** DatabaseRunStore: PipelineRuns, TaskRuns, and the runs' status transitions (an outbox). */
  runs: 'tekton_dag_runs',
  taskRuns: 'tekton_dag_task_runs',
  runTransitions: 'tekton_dag_run_transitions',
  /** DatabaseLogStore: archived step logs. */
  stepLogs: 'tekton_dag_step_logs',
  /** DatabaseReportStore: test reports and their cases. */
  testReports: 'tekton_dag_test_reports',
  testCases: 'tekton_dag_test_cases',
  /** DatabaseLeaseStore: which replica holds what (one watcher per cluster). */
  leases: 'tekton_dag_leases',
  /** DatabaseClusterStateStore: each cluster's watch status and watched Pipelines. */
  clusterStatus: 'tekton_dag_cluster_status',
  pipelines: 'tekton_dag_pipelines',
  pipelineScopes: 'tekton_dag_pipeline_scopes',
  /** DatabaseGitOpsStore: who shows which Applications, and which changes were published. */
  gitopsInterests: 'tekton_dag_gitops_interests',
  signalClaims: 'tekton_dag_signal_claims',
  /** DatabaseDeliveryStore: webhook deliveries handled (replays start nothing). */
  webhookDeliveries: 'tekton_dag_webhook_deliveries',
  /** DatabaseForgeStatusStore: commit statuses owed to forges. */
  forgeStatuses: 'tekton_dag_forge_statuses',
} as const;
