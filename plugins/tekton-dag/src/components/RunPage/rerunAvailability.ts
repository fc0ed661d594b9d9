import {
  EntityPipeline,
  ParamSpec,
  ParamValue,
  paramTypeOf,
  Run,
} from '@tekton-dag/plugin-tekton-dag-common';

/**
 * The run's Pipeline as the entity declares it: `undefined` while the entity's pipelines load,
 * `null` when the entity no longer declares it, the error when they could not be loaded.
 */
export type DeclaredPipeline = EntityPipeline | null | undefined | Error;

/** Whether a run can be rerun, one answer for "Rerun" and "Rerun with changes". */
export type RerunAvailability =
  | { enabled: true; params: ParamSpec[] }
  | { enabled: false; reason: string };

/** A param spec for each param a generated run ran with: its own values are the form. */
function paramsOfRun(params: Record<string, ParamValue>): ParamSpec[] {
  return Object.entries(params).map(([name, value]) => ({
    name,
    type: paramTypeOf(value),
  }));
}

/**
 * Both rerun buttons follow this one rule, as the server does: a run needs its entity, the
 * run.create permission, and a pipeline to run again (a generated run carries its own spec;
 * any other must still be one of the entity's pipelines). The reason goes in the tooltip.
 */
export function rerunAvailability(options: {
  run: Run;
  pipeline: DeclaredPipeline;
  permission: { allowed: boolean; loading: boolean };
}): RerunAvailability {
  const { run, pipeline, permission } = options;
  if (!run.entityRef) {
    return { enabled: false, reason: 'This run belongs to no catalog entity' };
  }
  if (permission.loading) {
    return { enabled: false, reason: 'Checking whether you may start runs…' };
  }
  if (!permission.allowed) {
    return {
      enabled: false,
      reason: 'You may not start runs of this entity (tekton-dag.run.create)',
    };
  }
  // A pull request's run carries the spec it was generated with: the server reruns that.
  // When the entity's pipelines could not be read, the run's own params make the form and
  // the server, which checks every rerun, has the last word.
  if (run.plan || pipeline instanceof Error) {
    return { enabled: true, params: paramsOfRun(run.params) };
  }
  if (pipeline === undefined) {
    return { enabled: false, reason: "Loading the entity's pipelines…" };
  }
  if (pipeline === null) {
    return {
      enabled: false,
      reason: `${run.pipeline} is no longer one of ${run.entityRef}'s pipelines`,
    };
  }
  return { enabled: true, params: pipeline.params };
}
