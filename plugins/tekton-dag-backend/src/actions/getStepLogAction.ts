import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  isFailedStatus,
  tektonDagLogsReadPermission,
} from '@tekton-dag/plugin-tekton-dag-common';
import { Writable } from 'stream';
import type { TaskRunRecord } from '../database/RunStore';
import { failingStep } from './getRunAction';
import {
  runStatusValues,
  TektonDagActionsOptions,
  visibleRun,
} from './helpers';
import { authorizeCaller } from '../permissions/authorizeCaller';

export const GET_STEP_LOG_ACTION = 'get-tekton-dag-step-log';

/** Bytes of a log read at most: its end (a log's tail is what explains a failure). */
const MAX_READ_BYTES = 1024 * 1024;
/** Characters returned at most, whatever the number of lines. */
export const MAX_TAIL_CHARS = 64 * 1024;

// Terminal colour and cursor sequences: noise to a model.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** A Writable that keeps only the last `maxBytes` written. */
export class TailBuffer extends Writable {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Whether bytes before the kept ones were dropped. */
  dropped = false;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _write(
    chunk: Buffer | string,
    encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ) {
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk, encoding);
    this.chunks.push(buffer);
    this.size += buffer.length;
    while (this.size > this.maxBytes) {
      const first = this.chunks[0];
      const excess = this.size - this.maxBytes;
      this.dropped = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
    callback();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * The last `lines` lines of a log, at most `maxChars` characters; `truncated` when earlier
 * text exists that is not returned.
 */
export function tailLines(
  text: string,
  lines: number,
  options: { dropped?: boolean; maxChars?: number } = {},
) {
  const maxChars = options.maxChars ?? MAX_TAIL_CHARS;
  let all = text.replace(ANSI, '').replace(/\r\n/g, '\n').split('\n');
  // The first line of a log cut by bytes is partial.
  if (options.dropped && all.length > 1) all = all.slice(1);
  if (all.length && all[all.length - 1] === '') all.pop();
  let truncated = !!options.dropped || all.length > lines;
  let kept = all.slice(-lines);
  let tail = kept.join('\n');
  if (tail.length > maxChars) {
    tail = tail.slice(tail.length - maxChars);
    const newline = tail.indexOf('\n');
    if (newline >= 0) tail = tail.slice(newline + 1);
    kept = tail.split('\n');
    truncated = true;
  }
  return { text: tail, lines: tail ? kept.length : 0, truncated };
}

function pickTaskRun(
  taskRuns: TaskRunRecord[],
  pipelineTask: string,
  runName: string,
) {
  const matches = taskRuns.filter(
    t => t.pipelineTask === pipelineTask || t.name === pipelineTask,
  );
  if (!matches.length)
    throw new NotFoundError(
      `Run ${runName} has no task "${pipelineTask}"; its tasks: ${
        taskRuns.map(t => t.pipelineTask).join(', ') || 'none yet'
      }`,
    );
  // A matrix task has several task runs: the failing one explains a failure.
  return matches.find(t => isFailedStatus(t.status)) ?? matches[0];
}

/** The step to read when none is named: the failing one, the only one, or the last started. */
function pickStep(taskRun: TaskRunRecord, step: string | undefined) {
  if (step) return step;
  const chosen =
    failingStep(taskRun) ??
    (taskRun.steps.length === 1 ? taskRun.steps[0] : undefined) ??
    [...taskRun.steps].reverse().find(s => s.startedAt);
  if (!chosen)
    throw new InputError(
      `"step" is required: one of ${
        taskRun.steps.map(s => s.name).join(', ') || 'none (no step started)'
      }`,
    );
  return chosen.name;
}

/** The end of a step's log, archived or from the pod (tekton-dag.logs.read). */
export function registerGetStepLogAction(
  actionsRegistry: ActionsRegistryService,
  options: TektonDagActionsOptions,
) {
  const { logs, permissions } = options;
  actionsRegistry.register({
    name: GET_STEP_LOG_ACTION,
    title: 'Read the end of a Tekton step log',
    description: `
Returns the last lines of the log of one step of a Tekton PipelineRun's task: the archived log of a finished task, or the pod's log while it runs.
Use it after get-tekton-dag-run, with the run id and a failing task's pipelineTask, to read the error a failing step printed. Without step, the failing step is read (else the only or the last started one).
Returns at most 500 lines (default 100) and ${MAX_TAIL_CHARS} characters; truncated says earlier lines exist.
`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          runId: z.string().min(1).describe('The run id'),
          pipelineTask: z
            .string()
            .min(1)
            .describe(
              'The pipeline task (e.g. "unit-tests") or TaskRun name whose step to read',
            ),
          step: z
            .string()
            .min(1)
            .optional()
            .describe('The step name; by default the failing step'),
          lines: z
            .number()
            .int()
            .min(1)
            .max(500)
            .optional()
            .describe(
              'How many of the last lines to return, 1 to 500 (default 100)',
            ),
        }),
      output: z =>
        z.object({
          runId: z.string(),
          pipelineTask: z.string(),
          taskRun: z.string().describe('The TaskRun name'),
          step: z.string(),
          stepStatus: z.enum(runStatusValues).optional(),
          exitCode: z.number().optional(),
          steps: z
            .array(
              z.object({
                name: z.string(),
                status: z.enum(runStatusValues),
                exitCode: z.number().optional(),
              }),
            )
            .describe("The task run's steps, to read another one"),
          lines: z.number().describe('How many lines text holds'),
          truncated: z
            .boolean()
            .describe('Whether the log has earlier lines than those returned'),
          text: z.string().describe('The end of the log'),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeCaller(
        permissions,
        credentials,
        tektonDagLogsReadPermission,
      );
      const run = await visibleRun(options, input.runId, credentials);
      const taskRun = pickTaskRun(run.taskRuns, input.pipelineTask, run.name);
      const step = pickStep(taskRun, input.step);
      const out = new TailBuffer(MAX_READ_BYTES);
      const done = new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
      // Never followed: the log as it is now.
      await logs.stream({
        cluster: run.cluster,
        namespace: run.namespace,
        taskRun,
        step,
        follow: false,
        out,
      });
      await done;
      const tail = tailLines(out.text(), input.lines ?? 100, {
        dropped: out.dropped,
      });
      const summary = taskRun.steps.find(s => s.name === step);
      return {
        output: {
          runId: run.id,
          pipelineTask: taskRun.pipelineTask,
          taskRun: taskRun.name,
          step,
          stepStatus: summary?.status,
          exitCode:
            typeof summary?.exitCode === 'number'
              ? summary.exitCode
              : undefined,
          steps: taskRun.steps.map(s => ({
            name: s.name,
            status: s.status,
            exitCode: typeof s.exitCode === 'number' ? s.exitCode : undefined,
          })),
          ...tail,
        },
      };
    },
  });
}
