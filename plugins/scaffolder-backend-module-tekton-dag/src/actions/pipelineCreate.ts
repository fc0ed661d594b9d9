import fs from 'fs';
import path from 'path';
import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_ENTITY_REF,
  PipelineSpec,
  PipelineTask,
  RepositoryFile,
  TaskSpec,
  TEKTON_API_VERSION,
  TEKTON_TRIGGERS_API_VERSION,
} from '@tekton-dag/plugin-tekton-dag-common';
import { loadKnownTasks } from '../lib/tasks';
import {
  assertDnsLabel,
  validateFiles,
  validationError,
} from '../lib/validation';
import {
  normalizeRelativePath,
  toYaml,
  workspaceFile,
  writeWorkspaceFiles,
} from '../lib/workspace';
import { assertValidInput, ZodImpl } from '../lib/zod';
import { examples } from './pipelineCreate.examples';

export const PIPELINE_CREATE_ACTION_ID = 'tekton-dag:pipeline:create';

/** The input schema of `tekton-dag:pipeline:create`. */
const pipelineCreateInput = (z: ZodImpl) => {
  const task = z.object({
    name: z
      .string()
      .describe('Name of the task in the pipeline (a DNS label), e.g. build'),
    taskRef: z
      .string()
      .describe(
        'Name of the Tekton Task it runs: one of the Tasks under <targetPath>/tasks in the workspace or in tektonDag.scaffolder.tasksDir',
      ),
    runAfter: z
      .array(z.string())
      .optional()
      .describe('Tasks of the pipeline this one runs after (not for finally)'),
    params: z
      .record(z.string())
      .optional()
      .describe(
        'Param values by name, e.g. { "app-path": "$(params.app-path)" }. A Task param not given here that has the name of a pipeline param is passed $(params.<name>)',
      ),
    workspaces: z
      .record(z.string())
      .optional()
      .describe(
        'Pipeline workspace for each Task workspace, e.g. { "output": "source" }. Default: the pipeline workspace of the same name, else the only one',
      ),
  });
  return z.object({
    name: z
      .string()
      .describe('Name of the Pipeline (a DNS label); also its file name'),
    description: z.string().optional().describe('Description of the Pipeline'),
    tasks: z.array(task).min(1).describe('The tasks of the pipeline, a DAG'),
    finally: z
      .array(task)
      .optional()
      .describe('Tasks that run after all others, whatever happened'),
    params: z
      .array(
        z.object({
          name: z.string(),
          default: z.string().optional(),
          description: z.string().optional(),
        }),
      )
      .optional()
      .describe('Params of the Pipeline (strings)'),
    results: z
      .array(
        z.object({
          name: z.string(),
          value: z.string().describe('e.g. $(tasks.clone.results.commit)'),
          description: z.string().optional(),
        }),
      )
      .optional()
      .describe(
        'Results of the Pipeline. A result named commit is the revision the portal shows for each run (and matches to the commit Argo CD deployed)',
      ),
    workspaces: z
      .array(z.string())
      .optional()
      .describe('Workspaces of the Pipeline. Default: ["source"]'),
    targetPath: z
      .string()
      .optional()
      .describe(
        'Folder of the Tekton content in the workspace. Default: tekton (the Pipeline goes to tekton/pipelines, its Tasks are read from tekton/tasks)',
      ),
    triggerTemplate: z
      .boolean()
      .optional()
      .describe(
        'Also write a Tekton Triggers TriggerTemplate that starts a run of the Pipeline, to <targetPath>/triggers/<name>-template.yaml. Default: false',
      ),
    serviceAccountName: z
      .string()
      .optional()
      .describe("ServiceAccount of the TriggerTemplate's runs"),
    entityRef: z
      .string()
      .optional()
      .describe(
        "Catalog entity the TriggerTemplate's runs belong to, e.g. component:default/shop-api",
      ),
    copyTasks: z
      .boolean()
      .optional()
      .describe(
        'Also copy the Tasks the Pipeline uses from tektonDag.scaffolder.tasksDir to <targetPath>/tasks, so the new repository holds everything it needs to run (Tasks already in the workspace are left alone). Default: false',
      ),
    overwrite: z
      .boolean()
      .optional()
      .describe(
        'Replace files that already exist with other content. Default: false',
      ),
  });
};

type TaskInput = {
  name: string;
  taskRef: string;
  runAfter?: string[];
  params?: Record<string, string>;
  workspaces?: Record<string, string>;
};

/** A pipeline task from the input: params and workspaces filled in from its Task, when known. */
function toPipelineTask(
  input: TaskInput,
  spec: TaskSpec | undefined,
  pipelineParams: Set<string>,
  pipelineWorkspaces: string[],
): PipelineTask {
  const given = input.params ?? {};
  const params = Object.entries(given).map(([name, value]) => ({
    name,
    value,
  }));
  for (const param of spec?.params ?? []) {
    if (!(param.name in given) && pipelineParams.has(param.name))
      params.push({ name: param.name, value: `$(params.${param.name})` });
  }
  const bindings = new Map(Object.entries(input.workspaces ?? {}));
  for (const workspace of spec?.workspaces ?? []) {
    if (bindings.has(workspace.name)) continue;
    if (pipelineWorkspaces.includes(workspace.name))
      bindings.set(workspace.name, workspace.name);
    else if (pipelineWorkspaces.length === 1 && !workspace.optional)
      bindings.set(workspace.name, pipelineWorkspaces[0]);
  }
  return {
    name: input.name,
    ...(input.runAfter?.length ? { runAfter: input.runAfter } : {}),
    taskRef: { name: input.taskRef },
    ...(params.length ? { params } : {}),
    ...(bindings.size
      ? {
          workspaces: [...bindings].map(([name, workspace]) => ({
            name,
            workspace,
          })),
        }
      : {}),
  };
}

const VOLUME_CLAIM_TEMPLATE = {
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
  },
};

function triggerTemplateOf(options: {
  name: string;
  params: Array<{ name: string; default?: string; description?: string }>;
  workspaces: string[];
  serviceAccountName?: string;
  entityRef?: string;
}) {
  const { name, params, workspaces, serviceAccountName, entityRef } = options;
  return {
    apiVersion: TEKTON_TRIGGERS_API_VERSION,
    kind: 'TriggerTemplate',
    metadata: { name },
    spec: {
      params: params.map(p => ({
        name: p.name,
        ...(p.description ? { description: p.description } : {}),
        ...(p.default !== undefined ? { default: p.default } : {}),
      })),
      resourcetemplates: [
        {
          apiVersion: TEKTON_API_VERSION,
          kind: 'PipelineRun',
          metadata: {
            generateName: `${name}-`,
            labels: { 'tekton.dev/pipeline': name },
            ...(entityRef
              ? { annotations: { [ANNOTATION_ENTITY_REF]: entityRef } }
              : {}),
          },
          spec: {
            pipelineRef: { name },
            ...(serviceAccountName
              ? { taskRunTemplate: { serviceAccountName } }
              : {}),
            ...(params.length
              ? {
                  params: params.map(p => ({
                    name: p.name,
                    value: `$(tt.params.${p.name})`,
                  })),
                }
              : {}),
            ...(workspaces.length
              ? {
                  workspaces: workspaces.map(workspace => ({
                    name: workspace,
                    volumeClaimTemplate: VOLUME_CLAIM_TEMPLATE,
                  })),
                }
              : {}),
          },
        },
      ],
    },
  };
}

/**
 * `tekton-dag:pipeline:create`: writes a Tekton Pipeline (and optionally a TriggerTemplate for
 * it) into the workspace, validated with the Tasks it uses before anything is written.
 *
 * @public
 */
export function createPipelineCreateAction(options: { config: Config }) {
  const tasksDir = options.config.getOptionalString(
    'tektonDag.scaffolder.tasksDir',
  );
  return createTemplateAction({
    id: PIPELINE_CREATE_ACTION_ID,
    description:
      "Writes a Tekton Pipeline into the workspace from its tasks, validated against the Tasks it refers to (the workspace's <targetPath>/tasks, else tektonDag.scaffolder.tasksDir); optionally a TriggerTemplate that starts it",
    examples,
    supportsDryRun: true,
    schema: {
      input: pipelineCreateInput,
      output: z =>
        z.object({
          pipelineName: z.string().describe('Name of the Pipeline'),
          pipelinePath: z
            .string()
            .describe('The Pipeline file, relative to the workspace'),
          triggerTemplatePath: z
            .string()
            .optional()
            .describe('The TriggerTemplate file, when one was written'),
          files: z
            .array(z.string())
            .describe('Every file written, relative to the workspace'),
        }),
    },
    async handler(ctx) {
      assertValidInput(pipelineCreateInput, ctx.input);
      const { input, workspacePath, logger } = ctx;
      const { name } = input;
      assertDnsLabel(name, 'The pipeline name');
      const workspaces = input.workspaces ?? ['source'];
      const params = input.params ?? [];
      const base = normalizeRelativePath(input.targetPath ?? 'tekton');
      let entityRef: string | undefined;
      try {
        entityRef =
          input.entityRef &&
          stringifyEntityRef(
            parseEntityRef(input.entityRef, { defaultKind: 'component' }),
          );
      } catch (error) {
        throw new InputError(`entityRef: ${error}`);
      }

      if (tasksDir && !fs.existsSync(path.resolve(tasksDir))) {
        logger.warn(
          `tektonDag.scaffolder.tasksDir ${path.resolve(
            tasksDir,
          )} does not exist; only the workspace's Tasks are known`,
        );
      }
      const workspaceTasks = path.posix.join(base, 'tasks');
      const known = loadKnownTasks({
        workspaceTasksDir: {
          absolute: workspaceFile(workspacePath, workspaceTasks),
          relative: workspaceTasks,
        },
        configuredTasksDir: tasksDir,
      });

      const pipelineParams = new Set(params.map(p => p.name));
      const build = (tasks: TaskInput[]) =>
        tasks.map(task =>
          toPipelineTask(
            task,
            known.specs.get(task.taskRef),
            pipelineParams,
            workspaces,
          ),
        );
      const spec: PipelineSpec = {
        ...(input.description ? { description: input.description } : {}),
        ...(params.length
          ? {
              params: params.map(p => ({
                name: p.name,
                type: 'string' as const,
                ...(p.description ? { description: p.description } : {}),
                ...(p.default !== undefined ? { default: p.default } : {}),
              })),
            }
          : {}),
        ...(workspaces.length
          ? { workspaces: workspaces.map(workspace => ({ name: workspace })) }
          : {}),
        ...(input.results?.length
          ? {
              results: input.results.map(r => ({
                name: r.name,
                ...(r.description ? { description: r.description } : {}),
                value: r.value,
              })),
            }
          : {}),
        tasks: build(input.tasks),
        ...(input.finally?.length ? { finally: build(input.finally) } : {}),
      };
      const pipeline = {
        apiVersion: TEKTON_API_VERSION,
        kind: 'Pipeline',
        metadata: { name },
        spec,
      };

      const pipelinePath = path.posix.join(base, 'pipelines', `${name}.yaml`);
      const files: RepositoryFile[] = [
        { path: pipelinePath, documents: [pipeline] },
      ];
      const triggerTemplatePath = input.triggerTemplate
        ? path.posix.join(base, 'triggers', `${name}-template.yaml`)
        : undefined;
      if (triggerTemplatePath) {
        files.push({
          path: triggerTemplatePath,
          documents: [
            triggerTemplateOf({
              name,
              params,
              workspaces,
              serviceAccountName: input.serviceAccountName,
              entityRef,
            }),
          ],
        });
      }

      // Validate first: an invalid pipeline writes nothing.
      const problems = validateFiles(files, known.files);
      if (problems.length > 0) {
        const missingTask = problems.some(p => p.missing?.kind === 'Task');
        let hint: string | undefined;
        if (missingTask && known.specs.size === 0) {
          hint = `No Tekton Tasks were found: put them under ${workspaceTasks} in the workspace (e.g. with fetch:template) or configure tektonDag.scaffolder.tasksDir.`;
        } else if (missingTask) {
          hint = `Known Tasks: ${[...known.specs.keys()]
            .sort()
            .join(', ')} (from ${known.sources.join(' and ')}).`;
        }
        throw validationError(`Pipeline "${name}"`, problems, hint);
      }

      const by = `Written by the scaffolder action ${PIPELINE_CREATE_ACTION_ID}.`;
      const comments = [
        `${input.description ? `${input.description}\n` : ''}${by}`,
        `Starts a run of the Pipeline ${name} for each event of the triggers that use it.\n${by}`,
      ];
      const written = files.map((file, index) => ({
        path: file.path,
        content: toYaml(file.documents[0], comments[index]),
      }));
      if (input.copyTasks) {
        // Copied as they are (comments included); a file holding several Tasks is copied once.
        const used = [...input.tasks, ...(input.finally ?? [])].map(
          t => t.taskRef,
        );
        const sources = new Set(
          used.flatMap(ref => known.configuredFiles.get(ref) ?? []),
        );
        for (const source of [...sources].sort()) {
          written.push({
            path: path.posix.join(workspaceTasks, path.basename(source)),
            content: fs.readFileSync(source, 'utf8'),
          });
        }
      }
      writeWorkspaceFiles(workspacePath, written, input.overwrite ?? false);
      logger.info(
        `Wrote Pipeline ${name} to ${written.map(f => f.path).join(' and ')}${
          ctx.isDryRun ? ' (dry run)' : ''
        }`,
      );

      ctx.output('pipelineName', name);
      ctx.output('pipelinePath', pipelinePath);
      if (triggerTemplatePath)
        ctx.output('triggerTemplatePath', triggerTemplatePath);
      ctx.output(
        'files',
        written.map(f => f.path),
      );
    },
  });
}
