import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, ResponseError } from '@backstage/errors';
import {
  ActionContext,
  createTemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type { Run, RunStatus } from '@tekton-dag/plugin-tekton-dag-common';
import {
  entityPipelinesPath,
  runPagePath,
} from '@tekton-dag/plugin-tekton-dag-common';
import { assertValidInput, ZodImpl } from '../lib/zod';
import { examples } from './runStart.examples';

export const RUN_START_ACTION_ID = 'tekton-dag:run:start';

const ACTIVE: RunStatus[] = ['Pending', 'Running'];

/** The input schema of `tekton-dag:run:start`. */
const runStartInput = (z: ZodImpl) =>
  z.object({
    entityRef: z
      .string()
      .describe(
        'The catalog entity whose pipeline runs, e.g. component:default/shop-api (kind defaults to component)',
      ),
    pipeline: z
      .string()
      .describe("One of the entity's pipelines (tekton-dag/pipelines)"),
    params: z
      .record(z.string())
      .optional()
      .describe(
        "Param values of the run; the entity's tekton-dag/params and the Pipeline's defaults fill the rest",
      ),
    cluster: z
      .string()
      .optional()
      .describe("Cluster to run on. Default: the entity's tekton-dag/cluster"),
    startTimeoutSeconds: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'How long to keep trying to start the run while the entity is not in the catalog yet or its Pipeline not in the cluster yet (right after catalog:register and tekton-dag:pipeline:apply). Default: 0, no retry',
      ),
    wait: z
      .boolean()
      .optional()
      .describe('Wait until the run has finished. Default: false'),
    timeoutSeconds: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'How long to wait for the run, with wait. Default: 1800. A run still going then is left running and its status output as it is',
      ),
    requireSuccess: z
      .boolean()
      .optional()
      .describe(
        'With wait: fail the step unless the run succeeded within the timeout. Default: false',
      ),
  });

/** A refusal of the tekton-dag API, with its status code and message. */
class TektonDagApiError extends Error {
  readonly name = 'TektonDagApiError';
  constructor(message: string, readonly statusCode: number) {
    super(message);
  }
}

const REF_PART = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** What a retried step must not lose: the run it started. A type, stored as JSON. */
type StartedRun = { id: string; name: string; status: string };

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('The step was cancelled'));
      return;
    }
    let onAbort: (() => void) | undefined = undefined;
    const timer = setTimeout(() => {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    onAbort = () => {
      clearTimeout(timer);
      reject(new Error('The step was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `tekton-dag:run:start`: starts a run of an entity's pipeline through the tekton-dag API, on
 * behalf of the user running the template, and optionally waits for it.
 *
 * @public
 */
export function createRunStartAction(options: {
  config: Config;
  discovery: DiscoveryService;
  auth: AuthService;
  /** How often a run is polled while waiting; default 2 s. */
  pollIntervalMs?: number;
}) {
  const { config, discovery, auth } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const appBaseUrl = config.getOptionalString('app.baseUrl') ?? '';

  /** A token for tekton-dag: the user's when there is one, else the scaffolder's own. */
  async function tokenFor(
    ctx: ActionContext<any, any>,
  ): Promise<string | undefined> {
    let credentials: BackstageCredentials | undefined;
    try {
      credentials = await ctx.getInitiatorCredentials();
    } catch (error) {
      ctx.logger.debug(`No initiator credentials: ${error}`);
    }
    if (!credentials || auth.isPrincipal(credentials, 'none')) {
      credentials = await auth.getOwnServiceCredentials();
    }
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'tekton-dag',
    });
    return token || undefined;
  }

  async function call<T>(
    ctx: ActionContext<any, any>,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await discovery.getBaseUrl('tekton-dag');
    const token = await tokenFor(ctx);
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(init.body !== undefined
          ? { 'Content-Type': 'application/json' }
          : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: ctx.signal,
    });
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      throw new TektonDagApiError(
        `The tekton-dag API answered ${init.method ?? 'GET'} ${path} with ${
          error.statusCode
        } ${error.statusText}: ${error.cause.message}`,
        error.statusCode,
      );
    }
    return (await response.json()) as T;
  }

  return createTemplateAction({
    id: RUN_START_ACTION_ID,
    description:
      "Starts a run of one of an entity's Tekton pipelines through the tekton-dag backend, on behalf of the user running the template, and optionally waits for it to finish. Outputs the run's id, name, status and page",
    examples,
    supportsDryRun: true,
    schema: {
      input: runStartInput,
      output: z =>
        z.object({
          runId: z.string().describe('Id of the run (its PipelineRun UID)'),
          runName: z.string().describe('Name of the PipelineRun'),
          status: z
            .string()
            .describe(
              'Pending, Running, Succeeded, Failed, Cancelled or TimedOut: when the step ended',
            ),
          url: z.string().describe("The run's page in the portal"),
          path: z
            .string()
            .describe(
              "The run's page relative to the portal's base URL: for a template's output links, which open it in the same tab",
            ),
        }),
    },
    async handler(ctx) {
      assertValidInput(runStartInput, ctx.input);
      const { input, logger } = ctx;
      let ref: CompoundEntityRef;
      try {
        ref = parseEntityRef(input.entityRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        });
      } catch (error) {
        throw new InputError(`entityRef: ${error}`);
      }
      if (![ref.kind, ref.namespace, ref.name].every(p => REF_PART.test(p))) {
        throw new InputError(
          `entityRef "${input.entityRef}" is not an entity ref such as component:default/shop-api`,
        );
      }
      if (!input.pipeline.trim())
        throw new InputError('pipeline must name a pipeline of the entity');

      if (ctx.isDryRun) {
        logger.info(
          `Dry run: would start a run of ${input.pipeline} for ${ref.kind}:${ref.namespace}/${ref.name}`,
        );
        ctx.output('runId', 'dry-run');
        ctx.output('runName', `${input.pipeline}-dry-run`);
        ctx.output('status', 'Pending');
        ctx.output(
          'url',
          `${appBaseUrl.replace(/\/+$/, '')}${entityPipelinesPath(ref)}`,
        );
        ctx.output('path', entityPipelinesPath(ref));
        return;
      }

      const entityPath = [ref.kind, ref.namespace, ref.name]
        .map(encodeURIComponent)
        .join('/');
      // A retried step finds the run it started in the checkpoint and does not start another.
      const started = await ctx.checkpoint<StartedRun>({
        key: `tekton-dag.run.${ref.kind}:${ref.namespace}/${ref.name}.${input.pipeline}`,
        fn: async () => {
          const deadline = Date.now() + (input.startTimeoutSeconds ?? 0) * 1000;
          for (;;) {
            try {
              const run = await call<Run>(ctx, `/entities/${entityPath}/runs`, {
                method: 'POST',
                body: {
                  pipeline: input.pipeline,
                  ...(input.params ? { params: input.params } : {}),
                  ...(input.cluster ? { cluster: input.cluster } : {}),
                },
              });
              return { id: run.id, name: run.name, status: run.status };
            } catch (error) {
              // Not found yet: the catalog and the cluster's watch catch up within seconds.
              const code = (error as Partial<TektonDagApiError>).statusCode;
              if (code !== 404 || Date.now() >= deadline) throw error;
              logger.info(`${(error as Error).message}; trying again`);
              await sleep(
                Math.min(pollIntervalMs, Math.max(0, deadline - Date.now())),
                ctx.signal,
              );
            }
          }
        },
      });
      const url = `${appBaseUrl.replace(/\/+$/, '')}${runPagePath(
        ref,
        started.id,
      )}`;
      logger.info(`Started run ${started.name} of ${input.pipeline}: ${url}`);

      let status = started.status as RunStatus;
      let finished = !ACTIVE.includes(status);
      if (input.wait && !finished) {
        const deadline = Date.now() + (input.timeoutSeconds ?? 1800) * 1000;
        while (!finished && Date.now() < deadline) {
          await sleep(
            Math.max(0, Math.min(pollIntervalMs, deadline - Date.now())),
            ctx.signal,
          );
          try {
            const run = await call<Run>(
              ctx,
              `/runs/${encodeURIComponent(started.id)}`,
            );
            if (run.status !== status)
              logger.info(`Run ${started.name} is ${run.status}`);
            status = run.status;
            finished = !ACTIVE.includes(status);
          } catch (error) {
            // The portal restarting is no reason to give up on the run; a refusal is.
            const code = (error as Partial<TektonDagApiError>).statusCode;
            if (code !== undefined && code >= 400 && code < 500) throw error;
            logger.warn(`Could not read run ${started.name}: ${error}`);
          }
        }
        if (!finished) {
          logger.warn(
            `Run ${started.name} did not finish within ${
              input.timeoutSeconds ?? 1800
            } s; it is still ${status}`,
          );
        }
      }

      ctx.output('runId', started.id);
      ctx.output('runName', started.name);
      ctx.output('status', status);
      ctx.output('url', url);
      ctx.output('path', runPagePath(ref, started.id));
      if (input.wait && input.requireSuccess && status !== 'Succeeded') {
        throw new Error(
          `Run ${started.name} of ${input.pipeline} ${
            finished ? `ended ${status}` : `did not finish (${status})`
          }: ${url}`,
        );
      }
    },
  });
}
