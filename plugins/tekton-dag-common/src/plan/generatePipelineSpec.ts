import {
  TEKTON_API_VERSION,
  type PipelineSpec,
  type PipelineTask,
  type TaskSpec,
} from '../tekton/types';
import type { LocatedResource } from '../validation/resources';
import type { ValidationProblem } from '../validation/types';
import { validateTektonResources } from '../validation/validateTekton';
import { compareKeys, entityRefKey } from './entityRefs';
import { PlanError, type BuildPlan } from './planPullRequest';

/** Where a component lives in the repository, for the generated tasks. */
export interface PipelineComponent {
  ref: string;
  /** Component name, the base of its task names (sanitized to a DNS label). */
  name: string;
  /** Path of the component inside the repository, e.g. `examples/shop/shop-api`. */
  appPath: string;
  /** Platforms to build for; two or more fan the build out with a Tekton matrix. */
  platforms?: string[];
}

export interface GeneratePipelineInput {
  plan: BuildPlan;
  /** One entry per tested component at least; others are ignored. */
  components: PipelineComponent[];
}

/** Tekton names tasks with DNS labels. */
const MAX_TASK_NAME = 63;
const BUILD = 'build-';
const UNIT_TESTS = 'unit-tests-';
const INTEGRATION_TESTS = 'integration-tests-';
/** The longest prefix decides how long a component's part of a task name may be. */
const MAX_SLUG = MAX_TASK_NAME - INTEGRATION_TESTS.length;
const HASH_LENGTH = 6;
const SOURCE_WORKSPACE = [{ name: 'source', workspace: 'source' }];

/** FNV-1a: a short hash that is the same in Node and browsers, with no crypto module. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0').slice(0, HASH_LENGTH);
}

function sanitize(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return label || 'component';
}

/**
 * One DNS-label-safe name part per component, unique among the components. Names that are
 * too long, or that clash once sanitized, get a hash of the ref: every clashing component
 * does, so the names do not depend on the order components are listed in.
 */
function componentSlugs(components: Map<string, PipelineComponent>) {
  const bases = new Map<string, string>();
  const uses = new Map<string, number>();
  for (const [key, component] of components) {
    const base = sanitize(component.name);
    bases.set(key, base);
    uses.set(base, (uses.get(base) ?? 0) + 1);
  }
  const slugs = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const [key, base] of bases) {
    const slug =
      base.length > MAX_SLUG || uses.get(base)! > 1
        ? `${base
            .slice(0, MAX_SLUG - HASH_LENGTH - 1)
            .replace(/-+$/, '')}-${shortHash(key)}`
        : base;
    const owner = owners.get(slug);
    if (owner)
      throw new PlanError(
        `components "${owner}" and "${key}" would get the same task names ("${slug}"): rename one`,
      );
    owners.set(slug, key);
    slugs.set(key, slug);
  }
  return slugs;
}

/** For each tested component, the changed components it depends on, directly or not. */
function changedUpstream(plan: BuildPlan, changed: Set<string>) {
  const dependsOn = new Map(
    Object.entries(plan.dependsOn).map(([ref, deps]) => [
      entityRefKey(ref),
      deps.map(entityRefKey),
    ]),
  );
  const upstream = new Map<string, Set<string>>();
  // plan.order lists dependencies first, so each one's set is ready when a dependent needs it.
  for (const key of plan.order.flat().map(entityRefKey)) {
    const found = new Set<string>();
    for (const dependency of dependsOn.get(key) ?? []) {
      const ofDependency = upstream.get(dependency);
      if (!ofDependency)
        throw new PlanError(
          `the plan orders "${key}" before its dependency "${dependency}"`,
        );
      if (changed.has(dependency)) found.add(dependency);
      for (const each of ofDependency) found.add(each);
    }
    upstream.set(key, found);
  }
  return upstream;
}

/**
 * The Tekton v1 pipelineSpec of a planned pull request: clone; build and unit-test each changed
 * component; integration-test each tested component after the unit tests of every changed
 * component it depends on (fan-out, fan-in); one security scan over the changed components;
 * publish the reports whatever happened. The same input always gives the same spec.
 */
export function generatePipelineSpec(
  input: GeneratePipelineInput,
): PipelineSpec {
  const { plan } = input;
  if (plan.build.length === 0)
    throw new PlanError('the plan builds nothing: there is no pipeline to run');

  const components = new Map<string, PipelineComponent>();
  // In ref order, so that names and hashes do not depend on the order given.
  const keyed = input.components
    .map(component => ({ key: entityRefKey(component.ref), component }))
    .sort((a, b) => compareKeys(a.key, b.key));
  for (const { key, component } of keyed) {
    if (!components.has(key)) components.set(key, component);
  }
  const tested = plan.test.map(entityRefKey);
  const missing = plan.test.filter(ref => !components.has(entityRefKey(ref)));
  if (missing.length > 0)
    throw new PlanError(
      `no repository path for the tested component(s) ${missing.join(', ')}`,
    );
  for (const key of tested) {
    if (!components.get(key)!.appPath)
      throw new PlanError(`component "${key}" has an empty appPath`);
  }

  const slugs = componentSlugs(components);
  const built = plan.build.map(entityRefKey);
  const changed = new Set(built);
  const upstream = changedUpstream(plan, changed);
  const componentOf = (key: string) => components.get(key)!;
  const appPathParam = (key: string) => ({
    name: 'app-path',
    value: componentOf(key).appPath,
  });

  const clone: PipelineTask = {
    name: 'clone',
    displayName: 'Clone',
    taskRef: { name: 'git-clone' },
    params: [
      { name: 'url', value: '$(params.repo-url)' },
      { name: 'revision', value: '$(params.revision)' },
    ],
    workspaces: [{ name: 'output', workspace: 'source' }],
  };

  const builds = built.map((key): PipelineTask => {
    const platforms = [...new Set(componentOf(key).platforms ?? [])];
    const task: PipelineTask = {
      name: BUILD + slugs.get(key),
      displayName: `Build ${componentOf(key).name}`,
      runAfter: [clone.name],
      taskRef: { name: 'build' },
      params: [appPathParam(key)],
      workspaces: SOURCE_WORKSPACE,
    };
    if (platforms.length === 1)
      task.params!.push({ name: 'platform', value: platforms[0] });
    if (platforms.length > 1)
      task.matrix = { params: [{ name: 'platform', value: platforms }] };
    return task;
  });

  const unitTests = built.map(
    (key): PipelineTask => ({
      name: UNIT_TESTS + slugs.get(key),
      displayName: `Unit tests of ${componentOf(key).name}`,
      runAfter: [BUILD + slugs.get(key)],
      taskRef: { name: 'unit-test' },
      params: [
        appPathParam(key),
        { name: 'report-name', value: UNIT_TESTS + slugs.get(key) },
      ],
      workspaces: SOURCE_WORKSPACE,
    }),
  );

  const scannedPaths = [...new Set(built.map(k => componentOf(k).appPath))];
  const securityScan: PipelineTask = {
    name: 'security-scan',
    displayName: 'Security scan',
    runAfter: builds.map(b => b.name),
    taskRef: { name: 'security-scan' },
    workspaces: SOURCE_WORKSPACE,
  };
  if (scannedPaths.length === 1)
    securityScan.params = [{ name: 'app-path', value: scannedPaths[0] }];
  else
    securityScan.matrix = {
      params: [{ name: 'app-path', value: scannedPaths }],
    };

  const integrationTests = plan.order.flat().map((ref): PipelineTask => {
    const key = entityRefKey(ref);
    const waitFor = built.filter(b => b === key || upstream.get(key)?.has(b));
    return {
      name: INTEGRATION_TESTS + slugs.get(key),
      displayName: `Integration tests of ${componentOf(key).name}`,
      // A plan always reaches a tested component from a change; clone keeps a hand-made one valid.
      runAfter: waitFor.length
        ? waitFor.map(b => UNIT_TESTS + slugs.get(b))
        : [clone.name],
      taskRef: { name: 'integration-test' },
      params: [
        appPathParam(key),
        { name: 'report-name', value: INTEGRATION_TESTS + slugs.get(key) },
      ],
      workspaces: SOURCE_WORKSPACE,
    };
  });

  return {
    description: `Generated for a pull request: builds ${plan.build.length} and tests ${plan.test.length} component(s).`,
    params: [
      { name: 'repo-url', type: 'string', description: 'Repository to clone.' },
      {
        name: 'revision',
        type: 'string',
        description: 'The pull request revision to build.',
      },
      {
        name: 'portal-url',
        type: 'string',
        description:
          'Base URL of the tekton-dag portal backend that receives the test reports.',
        default: '',
      },
    ],
    workspaces: [
      {
        name: 'source',
        description:
          'Shared by all tasks; holds the clone and the test reports.',
      },
    ],
    results: [
      {
        name: 'commit',
        description: 'The commit that was built and tested.',
        value: '$(tasks.clone.results.commit)',
      },
    ],
    tasks: [clone, ...builds, ...unitTests, securityScan, ...integrationTests],
    finally: [
      {
        name: 'publish-results',
        displayName: 'Publish results',
        taskRef: { name: 'publish-results' },
        params: [
          { name: 'portal-url', value: '$(params.portal-url)' },
          { name: 'run-uid', value: '$(context.pipelineRun.uid)' },
          { name: 'pipeline-status', value: '$(tasks.status)' },
        ],
        workspaces: SOURCE_WORKSPACE,
      },
    ],
  };
}

const GENERATED_FILE = '(generated pipelineSpec)';
/** The name a generated pipeline is validated and listed under. */
export const GENERATED_PIPELINE = 'pull-request';

/**
 * Checks a generated spec against the Tasks it runs, as the GitOps validation checks a
 * repository (params, workspaces, results, cycles), so that an invalid spec is refused
 * before a PipelineRun is created.
 */
export function validateGeneratedPipeline(
  spec: PipelineSpec,
  tasks: Array<{ name: string; spec: TaskSpec }>,
): ValidationProblem[] {
  const resource = (
    kind: 'Pipeline' | 'Task',
    name: string,
    resourceSpec: PipelineSpec | TaskSpec,
  ): LocatedResource => ({
    file: GENERATED_FILE,
    kind,
    name,
    object: {
      apiVersion: TEKTON_API_VERSION,
      kind,
      metadata: { name },
      spec: resourceSpec,
    },
  });
  // validateTektonResources also reports cycles (findDagCycle over buildPipelineDag).
  const problems = validateTektonResources([
    resource('Pipeline', GENERATED_PIPELINE, spec),
    ...tasks.map(task => resource('Task', task.name, task.spec)),
  ]);
  // The DNS-label pattern there does not bound the length; Kubernetes does.
  for (const task of [...(spec.tasks ?? []), ...(spec.finally ?? [])]) {
    if (task.name.length > MAX_TASK_NAME)
      problems.push({
        file: GENERATED_FILE,
        resource: `Pipeline/${GENERATED_PIPELINE}`,
        message: `task "${task.name}" is longer than ${MAX_TASK_NAME} characters`,
      });
  }
  return problems;
}
