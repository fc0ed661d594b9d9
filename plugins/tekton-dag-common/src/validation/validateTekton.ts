import { buildPipelineDag, findDagCycle } from '../dag/buildDag';
import {
  findParamReferences,
  findTaskResultReferences,
  findTaskStatusReferences,
  stringsIn,
} from '../tekton/references';
import type { PipelineSpec, PipelineTask, TaskSpec } from '../tekton/types';
import { LocatedResource, resourceId } from './resources';
import type { ValidationProblem } from './types';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RESULT_PATH_REF = /\$\(\s*results\.([A-Za-z0-9_.-]+?)\.path\s*\)/g;
const WORKSPACE_REF =
  /\$\(\s*workspaces\.([A-Za-z0-9_-]+)\.(path|bound|claim|volume)\s*\)/g;

type Report = (message: string, missing?: ValidationProblem['missing']) => void;

function names<T extends { name: string }>(list: T[] | undefined): Set<string> {
  return new Set((list ?? []).map(item => item.name));
}

/** Checks a Task spec's own references: params, results and workspaces it uses are declared. */
function validateTaskSpec(
  spec: TaskSpec,
  report: Report,
  extraParams = new Set<string>(),
) {
  const params = new Set([...names(spec.params), ...extraParams]);
  const results = names(spec.results);
  const workspaces = names(spec.workspaces);
  const steps = spec.steps ?? [];
  if (steps.length === 0) report('has no steps');
  steps.forEach((step, index) => {
    const label = `step ${step.name ?? index}`;
    if (!step.image) report(`${label} has no image`);
    if (!step.script && !step.command)
      report(`${label} has neither script nor command`);
  });
  const body = {
    steps: spec.steps,
    sidecars: spec.sidecars,
    stepTemplate: spec.stepTemplate,
  };
  for (const param of findParamReferences(body)) {
    if (!params.has(param))
      report(`uses $(params.${param}), which is not declared`);
  }
  for (const text of stringsIn(body)) {
    for (const match of text.matchAll(RESULT_PATH_REF)) {
      if (!results.has(match[1]))
        report(`writes result "${match[1]}", which is not declared`);
    }
    for (const match of text.matchAll(WORKSPACE_REF)) {
      if (!workspaces.has(match[1])) {
        report(`uses workspace "${match[1]}", which is not declared`);
      }
    }
  }
}

interface PipelineContext {
  spec: PipelineSpec;
  tasksByName: Map<string, TaskSpec>;
  report: Report;
  /** The pipeline's names, built once: a per-task rebuild made large pipelines quadratic. */
  taskNames: Set<string>;
  tasksOfPipeline: Map<string, PipelineTask>;
  pipelineParams: Set<string>;
  pipelineWorkspaces: Set<string>;
}

/** The Task spec a pipeline task runs, or undefined when it is resolved remotely or missing. */
function resolveTaskSpec(
  task: PipelineTask,
  label: string,
  { tasksByName, report }: PipelineContext,
): TaskSpec | undefined {
  if (task.taskSpec) return task.taskSpec;
  const ref = task.taskRef;
  if (!ref) {
    report(`${label} has neither taskRef nor taskSpec`);
    return undefined;
  }
  if (ref.resolver) return undefined; // bundles, git, hub: resolved by Tekton at run time
  if (ref.kind && ref.kind !== 'Task') {
    report(
      `${label} refers to a ${ref.kind}; tekton.dev/v1 pipelines use Tasks`,
    );
    return undefined;
  }
  const resolved = ref.name ? tasksByName.get(ref.name) : undefined;
  if (!resolved)
    report(`${label} refers to Task "${ref.name}", which does not exist`, {
      kind: 'Task',
      name: ref.name ?? '',
    });
  return resolved;
}

/** A `$(tasks.<task>.results.<result>)` must name a task of the pipeline and a result it declares. */
function checkTaskResultReference(
  label: string,
  ref: { task: string; result: string },
  context: PipelineContext,
) {
  const producer = context.tasksOfPipeline.get(ref.task);
  if (!producer) {
    context.report(
      `${label} uses a result of "${ref.task}", which is not a task`,
    );
    return;
  }
  const producerSpec =
    producer.taskSpec ??
    (producer.taskRef?.resolver
      ? undefined
      : context.tasksByName.get(producer.taskRef?.name ?? ''));
  if (producerSpec && !names(producerSpec.results).has(ref.result)) {
    context.report(
      `${label} uses result "${ref.result}" of "${ref.task}", which its Task does not declare`,
    );
  }
}

function validatePipelineTask(
  task: PipelineTask,
  isFinally: boolean,
  context: PipelineContext,
) {
  const { report, taskNames, pipelineParams, pipelineWorkspaces } = context;
  const label = `${isFinally ? 'finally task' : 'task'} "${task.name}"`;

  if (!DNS_LABEL.test(task.name ?? ''))
    report(`${label} is not a valid name (a DNS label)`);
  if (isFinally && (task.runAfter ?? []).length > 0) {
    report(`${label} has runAfter; finally tasks run after all tasks`);
  }
  for (const before of task.runAfter ?? []) {
    if (!taskNames.has(before))
      report(`${label} runs after "${before}", which is not a task`);
  }

  const taskSpec = resolveTaskSpec(task, label, context);

  // Pipeline-level references: params, when, matrix. An embedded taskSpec is checked below.
  const { taskSpec: _embedded, ...usage } = task;
  for (const param of findParamReferences(usage)) {
    if (!pipelineParams.has(param))
      report(`${label} uses $(params.${param}), which is not declared`);
  }
  for (const ref of findTaskResultReferences(usage))
    checkTaskResultReference(label, ref, context);
  for (const statusOf of findTaskStatusReferences(usage)) {
    if (!isFinally)
      report(
        `${label} reads $(tasks.${statusOf}.status), allowed only in finally`,
      );
    else if (!taskNames.has(statusOf))
      report(`${label} reads the status of "${statusOf}", which is not a task`);
  }

  for (const binding of task.workspaces ?? []) {
    const source = binding.workspace ?? binding.name;
    if (!pipelineWorkspaces.has(source)) {
      report(
        `${label} binds workspace "${source}", which the pipeline does not declare`,
      );
    }
  }

  if (!taskSpec) return;
  if (task.taskSpec)
    validateTaskSpec(
      task.taskSpec,
      m => report(`${label}: ${m}`),
      pipelineParams,
    );

  const given = new Set([
    ...(task.params ?? []).map(p => p.name),
    ...(task.matrix?.params ?? []).map(p => p.name),
    ...(task.matrix?.include ?? []).flatMap(i =>
      (i.params ?? []).map(p => p.name),
    ),
  ]);
  const declared = names(taskSpec.params);
  for (const name of given) {
    if (!declared.has(name))
      report(
        `${label} passes param "${name}", which its Task does not declare`,
      );
  }
  for (const param of taskSpec.params ?? []) {
    if (param.default === undefined && !given.has(param.name)) {
      report(`${label} does not pass required param "${param.name}"`);
    }
  }
  const bound = names(task.workspaces);
  for (const workspace of taskSpec.workspaces ?? []) {
    if (!workspace.optional && !bound.has(workspace.name)) {
      report(`${label} does not bind required workspace "${workspace.name}"`);
    }
  }
}

function validatePipeline(
  spec: PipelineSpec,
  tasksByName: Map<string, TaskSpec>,
  report: Report,
) {
  const context: PipelineContext = {
    spec,
    tasksByName,
    report,
    taskNames: names(spec.tasks),
    tasksOfPipeline: new Map((spec.tasks ?? []).map(t => [t.name, t])),
    pipelineParams: names(spec.params),
    pipelineWorkspaces: names(spec.workspaces),
  };
  const all = [...(spec.tasks ?? []), ...(spec.finally ?? [])];
  if ((spec.tasks ?? []).length === 0) report('has no tasks');
  const seen = new Set<string>();
  for (const task of all) {
    if (seen.has(task.name)) report(`task name "${task.name}" is used twice`);
    seen.add(task.name);
  }
  for (const task of spec.tasks ?? [])
    validatePipelineTask(task, false, context);
  for (const task of spec.finally ?? [])
    validatePipelineTask(task, true, context);
  const declared = names(spec.params);
  for (const param of findParamReferences(spec.results)) {
    if (!declared.has(param))
      report(
        `a pipeline result uses $(params.${param}), which is not declared`,
      );
  }
  for (const ref of findTaskResultReferences(spec.results))
    checkTaskResultReference('a pipeline result', ref, context);
  const cycle = findDagCycle(buildPipelineDag(spec));
  if (cycle) report(`has a cycle: ${cycle.join(' -> ')}`);
}

const TT_PARAM_REF = /\$\(\s*tt\.params\.([A-Za-z0-9_-]+)\s*\)/g;

function validateTriggers(
  resources: LocatedResource[],
  problems: ValidationProblem[],
) {
  const ofKind = (kind: string) =>
    new Set(resources.filter(r => r.kind === kind).map(r => r.name));
  const pipelines = ofKind('Pipeline');
  const bindings = new Set([
    ...ofKind('TriggerBinding'),
    ...ofKind('ClusterTriggerBinding'),
  ]);
  const templates = ofKind('TriggerTemplate');
  for (const resource of resources) {
    const report: Report = (message, missing) =>
      problems.push({
        file: resource.file,
        resource: resourceId(resource),
        message,
        ...(missing ? { missing } : {}),
      });
    const spec = (resource.object.spec ?? {}) as Record<string, any>;
    if (resource.kind === 'TriggerTemplate') {
      const params = names(spec.params);
      for (const text of stringsIn(spec.resourcetemplates)) {
        for (const match of text.matchAll(TT_PARAM_REF)) {
          if (!params.has(match[1]))
            report(`uses $(tt.params.${match[1]}), which is not declared`);
        }
      }
      for (const template of spec.resourcetemplates ?? []) {
        const ref = template?.spec?.pipelineRef?.name;
        if (template?.kind === 'PipelineRun' && ref && !pipelines.has(ref)) {
          report(
            `creates a PipelineRun of Pipeline "${ref}", which does not exist`,
            { kind: 'Pipeline', name: ref },
          );
        }
      }
    }
    if (resource.kind === 'EventListener') {
      for (const trigger of spec.triggers ?? []) {
        for (const binding of trigger.bindings ?? []) {
          if (binding.ref && !bindings.has(binding.ref)) {
            report(
              `trigger "${trigger.name}" uses TriggerBinding "${binding.ref}", which does not exist`,
              { kind: 'TriggerBinding', name: binding.ref },
            );
          }
        }
        const template = trigger.template?.ref;
        if (template && !templates.has(template)) {
          report(
            `trigger "${trigger.name}" uses TriggerTemplate "${template}", which does not exist`,
            { kind: 'TriggerTemplate', name: template },
          );
        }
      }
    }
  }
}

/** Checks Tasks, Pipelines and Triggers against each other. */
export function validateTektonResources(
  resources: LocatedResource[],
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const tekton = resources.filter(r =>
    r.object.apiVersion?.startsWith('tekton.dev/'),
  );
  const tasksByName = new Map<string, TaskSpec>();
  for (const resource of tekton) {
    if (resource.kind !== 'Task') continue;
    if (tasksByName.has(resource.name)) {
      problems.push({
        file: resource.file,
        resource: resourceId(resource),
        message: 'is defined twice',
      });
    }
    tasksByName.set(resource.name, (resource.object.spec ?? {}) as TaskSpec);
  }
  for (const resource of tekton) {
    const report: Report = (message, missing) =>
      problems.push({
        file: resource.file,
        resource: resourceId(resource),
        message,
        ...(missing ? { missing } : {}),
      });
    if (resource.object.apiVersion !== 'tekton.dev/v1') {
      report(`uses ${resource.object.apiVersion}; use tekton.dev/v1`);
    }
    if (resource.kind === 'Task')
      validateTaskSpec(resource.object.spec as TaskSpec, report);
    if (resource.kind === 'Pipeline') {
      validatePipeline(
        (resource.object.spec ?? {}) as PipelineSpec,
        tasksByName,
        report,
      );
    }
  }
  validateTriggers(resources, problems);
  return problems;
}
