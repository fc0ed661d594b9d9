import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  isFailedStatus,
  StepSummary,
  tektonDagRunReadPermission,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { TaskRunRecord } from '../database/RunStore';
import {
  clip,
  runStatusValues,
  runSummarySchema,
  TektonDagActionsOptions,
  toRunSummary,
  visibleRun,
} from './helpers';
import { authorizeCaller } from '../permissions/authorizeCaller';

export const GET_RUN_ACTION = 'get-tekton-dag-run';

/** Failing tests shown at most, over all of a run's reports. */
export const MAX_FAILING_TESTS = 10;

/** The step that made a task run fail: a non-zero exit code, else a failed status. */
export function failingStep(taskRun: {
  steps: StepSummary[];
}): StepSummary | undefined {
  return (
    taskRun.steps.find(
      s => typeof s.exitCode === 'number' && s.exitCode !== 0,
    ) ?? taskRun.steps.find(s => isFailedStatus(s.status))
  );
}

function durationOf(taskRun: TaskRunRecord) {
  if (!taskRun.startedAt || !taskRun.completedAt) return undefined;
  const ms = Date.parse(taskRun.completedAt) - Date.parse(taskRun.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** A run with why it failed: failing task runs and steps, failing tests (tekton-dag.run.read). */
export function registerGetRunAction(
  actionsRegistry: ActionsRegistryService,
  options: TektonDagActionsOptions,
) {
  const { reports, permissions, appBaseUrl } = options;
  actionsRegistry.register({
    name: GET_RUN_ACTION,
    title: 'Get a Tekton pipeline run and why it failed',
    description: `
Gets one Tekton PipelineRun by its id (from list-tekton-dag-runs): its status, Tekton's message, every task with its status, the failing task runs with the step that failed and its exit code, the tasks Tekton skipped, and the test results of the run's JUnit reports with the first ${MAX_FAILING_TESTS} failing tests (suite, name, message).
This is the action for "why did this run fail?". To see the output of a failing step, call get-tekton-dag-step-log with the run id, the failing task's pipelineTask and its failing step.
`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          runId: z
            .string()
            .min(1)
            .describe('The run id, as list-tekton-dag-runs returns it'),
        }),
      output: z =>
        z.object({
          run: runSummarySchema(z).extend({
            cluster: z.string(),
            namespace: z.string(),
            startedAt: z.string().optional(),
            message: z
              .string()
              .optional()
              .describe("Tekton's message, e.g. which tasks failed"),
            params: z
              .record(z.unknown())
              .describe('The params the run was started with'),
          }),
          tasks: z
            .array(
              z.object({
                pipelineTask: z.string(),
                taskRun: z.string(),
                status: z.enum(runStatusValues),
                durationMs: z.number().optional(),
              }),
            )
            .describe('Every task run of the run, in the order they started'),
          failingTasks: z.array(
            z.object({
              pipelineTask: z
                .string()
                .describe('The pipeline task, for get-tekton-dag-step-log'),
              taskRun: z.string().describe('The TaskRun name'),
              status: z.enum(runStatusValues),
              reason: z.string().optional(),
              failingStep: z
                .object({
                  name: z.string(),
                  exitCode: z.number().optional(),
                })
                .optional()
                .describe('The step that failed, for get-tekton-dag-step-log'),
            }),
          ),
          skippedTasks: z
            .array(
              z.object({ name: z.string(), reason: z.string().optional() }),
            )
            .describe('Pipeline tasks Tekton did not run, and why'),
          tests: z.object({
            reports: z
              .array(
                z.object({
                  pipelineTask: z.string(),
                  tests: z.number(),
                  passed: z.number(),
                  failed: z.number(),
                  errored: z.number(),
                  skipped: z.number(),
                }),
              )
              .describe('The test report of each task that sent one'),
            failingTotal: z
              .number()
              .describe(
                'Failed and errored tests over all reports (a report of counts only lists none)',
              ),
            failing: z
              .array(
                z.object({
                  pipelineTask: z.string(),
                  suite: z.string(),
                  className: z.string().optional(),
                  name: z.string(),
                  status: z.enum(['failed', 'errored']),
                  message: z.string().optional(),
                }),
              )
              .describe(
                `The first ${MAX_FAILING_TESTS} failed or errored tests`,
              ),
          }),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeCaller(
        permissions,
        credentials,
        tektonDagRunReadPermission,
      );
      const run = await visibleRun(options, input.runId, credentials);
      const taskReports = await reports.getRunReports(run.id);
      const failures = taskReports.flatMap(report =>
        report.failures
          .filter(f => f.status === 'failed' || f.status === 'errored')
          .map(f => ({ pipelineTask: report.pipelineTask, ...f })),
      );
      const taskRuns = [...run.taskRuns].sort((a, b) =>
        (a.startedAt ?? '\uffff').localeCompare(b.startedAt ?? '\uffff'),
      );
      return {
        output: {
          run: {
            ...toRunSummary(run, appBaseUrl),
            cluster: run.cluster,
            namespace: run.namespace,
            startedAt: run.startedAt ?? undefined,
            message: clip(run.message, 2000),
            params: run.params ?? {},
          },
          tasks: taskRuns.map(t => ({
            pipelineTask: t.pipelineTask,
            taskRun: t.name,
            status: t.status,
            durationMs: durationOf(t),
          })),
          failingTasks: taskRuns
            .filter(t => isFailedStatus(t.status))
            .map(t => {
              const step = failingStep(t);
              return {
                pipelineTask: t.pipelineTask,
                taskRun: t.name,
                status: t.status,
                reason: t.reason ?? undefined,
                failingStep: step && {
                  name: step.name,
                  exitCode:
                    typeof step.exitCode === 'number'
                      ? step.exitCode
                      : undefined,
                },
              };
            }),
          skippedTasks: (run.skippedTasks ?? []).map(s => ({
            name: s.name,
            reason: s.reason ?? undefined,
          })),
          tests: {
            reports: taskReports.map(r => ({
              pipelineTask: r.pipelineTask,
              tests: r.totals.tests,
              passed: r.totals.passed,
              failed: r.totals.failed,
              errored: r.totals.errored,
              skipped: r.totals.skipped,
            })),
            failingTotal: taskReports.reduce(
              (sum, r) => sum + r.totals.failed + r.totals.errored,
              0,
            ),
            failing: failures.slice(0, MAX_FAILING_TESTS).map(f => ({
              pipelineTask: f.pipelineTask,
              suite: f.suite,
              className: f.className || undefined,
              name: f.name,
              status: f.status as 'failed' | 'errored',
              message: clip(f.message, 1000),
            })),
          },
        },
      };
    },
  });
}
