import fs from 'fs';
import path from 'path';
import {
  type Param,
  type ParamSpec,
  type PipelineSpec,
  type PipelineTask,
  type TaskSpec,
  validateRunParams,
} from '@tekton-dag/plugin-tekton-dag-common';
import type { ObjectStore } from '../../apiserver/ObjectStore';
import { substituteValue, Value, Variables } from '../substitution';
import { RunError } from './RunError';

/** A param list as a run or a pipeline task gives it. */
export type GivenParams = Array<{ name: string; value: Value }>;

/**
 * What a PipelineRun refers to, resolved as Tekton resolves it before running anything: the
 * Pipeline and Task specs (embedded or by name), param values (with common's validation, the
 * same the portal applies before it creates a run), workspace bindings and matrix fan-out. A
 * reference that cannot be resolved is a RunError with Tekton's reason.
 */
export class SpecResolver {
  constructor(
    private readonly options: {
      store: ObjectStore;
      /** Where persistentVolumeClaim workspaces live (per namespace and claim). */
      workDir: string;
    },
  ) {}

  pipelineSpec(run: any): PipelineSpec {
    if (run.spec?.pipelineSpec) return run.spec.pipelineSpec;
    const name = run.spec?.pipelineRef?.name;
    if (!name)
      throw new RunError(
        'CouldntGetPipeline',
        'the PipelineRun has neither pipelineRef nor pipelineSpec',
      );
    const { store } = this.options;
    const pipelines = store.findType('tekton.dev', 'v1', 'pipelines');
    const pipeline =
      pipelines && store.tryGet(pipelines, run.metadata.namespace, name);
    if (!pipeline) {
      throw new RunError(
        'CouldntGetPipeline',
        `Error retrieving pipeline for pipelinerun ${run.metadata.namespace}/${run.metadata.name}: pipelines.tekton.dev "${name}" not found`,
      );
    }
    return pipeline.spec ?? {};
  }

  taskSpec(namespace: string, task: PipelineTask): TaskSpec {
    if (task.taskSpec) return task.taskSpec;
    const name = task.taskRef?.name;
    const { store } = this.options;
    const tasks = store.findType('tekton.dev', 'v1', 'tasks');
    const found = name && tasks && store.tryGet(tasks, namespace, name);
    if (!found) {
      throw new RunError(
        'CouldntGetTask',
        `Pipeline task "${task.name}" refers to Task "${name}", which could not be found in namespace ${namespace}`,
      );
    }
    return found.spec ?? {};
  }

  /**
   * Param values with defaults applied, checked with common's validateRunParams. Params the
   * spec does not declare are ignored (Tekton passes a run's params on to tasks that may not
   * use them); an object param's given keys are merged over its default's.
   */
  params(
    specs: ParamSpec[] = [],
    given: GivenParams = [],
    missingReason: string,
    owner: string,
  ): Record<string, Value> {
    const declared = new Map(specs.map(spec => [spec.name, spec]));
    const values: Record<string, unknown> = {};
    for (const { name, value } of given) {
      const spec = declared.get(name);
      if (!spec) continue;
      values[name] =
        spec.type === 'object' &&
        spec.default &&
        typeof spec.default === 'object' &&
        value &&
        typeof value === 'object' &&
        !Array.isArray(value)
          ? { ...spec.default, ...value }
          : value;
    }
    const { params, problems } = validateRunParams(specs, values);
    const [problem] = problems;
    if (problem) {
      const reasons: Record<string, string> = {
        missing: missingReason,
        enum: 'InvalidParamValue',
      };
      throw new RunError(
        reasons[problem.kind] ?? 'ParameterTypeMismatch',
        `${owner}: ${problem.message}`,
      );
    }
    return Object.fromEntries(params.map((p: Param) => [p.name, p.value]));
  }

  /** The folder of each workspace the run binds; a required one that is not bound fails it. */
  workspaces(
    run: any,
    spec: PipelineSpec,
    runDir: string,
  ): Record<string, string> {
    const dirs: Record<string, string> = {};
    for (const binding of run.spec?.workspaces ?? []) {
      const dir = binding.persistentVolumeClaim?.claimName
        ? path.join(
            this.options.workDir,
            'persistentvolumeclaims',
            run.metadata.namespace,
            binding.persistentVolumeClaim.claimName,
          )
        : path.join(runDir, 'workspaces', binding.name);
      fs.mkdirSync(dir, { recursive: true });
      dirs[binding.name] = binding.subPath
        ? path.join(dir, binding.subPath)
        : dir;
      fs.mkdirSync(dirs[binding.name], { recursive: true });
    }
    for (const declared of spec.workspaces ?? []) {
      if (!dirs[declared.name] && !declared.optional) {
        throw new RunError(
          'CouldntGetPipeline',
          `pipeline requires workspace with name "${declared.name}" be provided by pipelinerun`,
        );
      }
    }
    return dirs;
  }

  /** Matrix combinations of a pipeline task: one param set per TaskRun. */
  combinations(task: PipelineTask, variables: Variables): GivenParams[] {
    const base = (task.params ?? []).map(p => ({
      name: p.name,
      value: substituteValue(p.value, variables),
    }));
    const matrix = task.matrix;
    if (!matrix) return [base];
    let combos: GivenParams[] = [[]];
    for (const param of matrix.params ?? []) {
      const values = substituteValue(param.value, variables);
      const list = Array.isArray(values) ? values : [String(values)];
      combos = combos.flatMap(combo =>
        list.map(value => [...combo, { name: param.name, value }]),
      );
    }
    if (!(matrix.params ?? []).length) combos = [];
    for (const include of matrix.include ?? []) {
      combos.push(
        (include.params ?? []).map(p => ({
          name: p.name,
          value: substituteValue(p.value, variables),
        })),
      );
    }
    return combos.map(combo => [...base, ...combo]);
  }
}
