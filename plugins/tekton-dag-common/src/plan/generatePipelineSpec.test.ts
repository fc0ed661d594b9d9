import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { buildPipelineDag, dagLevels } from '../dag';
import type { PipelineSpec, PipelineTask, TaskSpec } from '../tekton/types';
import {
  generatePipelineSpec,
  validateGeneratedPipeline,
  type PipelineComponent,
} from './generatePipelineSpec';
import { PlanError, planPullRequest, type PlanEntity } from './planPullRequest';

const repoRoot = path.resolve(__dirname, '../../../..');
const ref = (name: string) => `component:default/${name}`;

/** The repository's Tasks, as the backend would load them. */
const realTasks: Array<{ name: string; spec: TaskSpec }> = fs
  .readdirSync(path.join(repoRoot, 'tekton/tasks'))
  .filter(file => file.endsWith('.yaml'))
  .sort()
  .map(file => {
    const task = parse(
      fs.readFileSync(path.join(repoRoot, 'tekton/tasks', file), 'utf8'),
    );
    return { name: task.metadata.name, spec: task.spec };
  });

/** Components with `dependsOn: [x, y]` (x depends on y), stated from x's side only. */
function entities(names: string[], dependsOn: Array<[string, string]>) {
  return names.map(
    (name): PlanEntity => ({
      ref: ref(name),
      kind: 'Component',
      relations: dependsOn
        .filter(([from]) => from === name)
        .map(([, to]) => ({ type: 'dependsOn', targetRef: ref(to) })),
    }),
  );
}

const component = (
  name: string,
  extra: Partial<PipelineComponent> = {},
): PipelineComponent => ({
  ref: ref(name),
  name,
  appPath: `examples/shop/${name}`,
  ...extra,
});

function taskNamed(spec: PipelineSpec, name: string): PipelineTask {
  const task = [...spec.tasks!, ...spec.finally!].find(t => t.name === name);
  if (!task) throw new Error(`no task ${name}`);
  return task;
}

const shopCatalog = entities(
  ['shop-api', 'shop-web', 'shop-search', 'shop-admin'],
  [
    ['shop-web', 'shop-api'],
    ['shop-search', 'shop-api'],
  ],
);
const shopComponents = [
  'shop-api',
  'shop-web',
  'shop-search',
  'shop-admin',
].map(name => component(name));

describe('generatePipelineSpec', () => {
  const shopPlan = planPullRequest({
    entities: shopCatalog,
    changed: [ref('shop-api')],
  });
  const shop = generatePipelineSpec({
    plan: shopPlan,
    components: shopComponents,
  });

  it('builds the changed component and integration-tests it and its dependents', () => {
    expect(shop.tasks!.map(t => t.name)).toEqual([
      'clone',
      'build-shop-api',
      'unit-tests-shop-api',
      'security-scan',
      'integration-tests-shop-api',
      'integration-tests-shop-search',
      'integration-tests-shop-web',
    ]);
    expect(shop.params!.map(p => [p.name, p.default])).toEqual([
      ['repo-url', undefined],
      ['revision', undefined],
      ['portal-url', ''],
    ]);
    expect(shop.workspaces!.map(w => w.name)).toEqual(['source']);
    expect(taskNamed(shop, 'clone')).toMatchObject({
      taskRef: { name: 'git-clone' },
      params: [
        { name: 'url', value: '$(params.repo-url)' },
        { name: 'revision', value: '$(params.revision)' },
      ],
      workspaces: [{ name: 'output', workspace: 'source' }],
    });
    expect(taskNamed(shop, 'unit-tests-shop-api')).toMatchObject({
      runAfter: ['build-shop-api'],
      taskRef: { name: 'unit-test' },
      params: [
        { name: 'app-path', value: 'examples/shop/shop-api' },
        { name: 'report-name', value: 'unit-tests-shop-api' },
      ],
    });
    expect(taskNamed(shop, 'integration-tests-shop-web')).toMatchObject({
      runAfter: ['unit-tests-shop-api'],
      taskRef: { name: 'integration-test' },
      params: [
        { name: 'app-path', value: 'examples/shop/shop-web' },
        { name: 'report-name', value: 'integration-tests-shop-web' },
      ],
    });
    expect(taskNamed(shop, 'security-scan')).toMatchObject({
      runAfter: ['build-shop-api'],
      params: [{ name: 'app-path', value: 'examples/shop/shop-api' }],
    });
    expect(taskNamed(shop, 'security-scan').matrix).toBeUndefined();
    expect(shop.finally).toEqual([
      expect.objectContaining({
        name: 'publish-results',
        taskRef: { name: 'publish-results' },
        params: [
          { name: 'portal-url', value: '$(params.portal-url)' },
          { name: 'run-uid', value: '$(context.pipelineRun.uid)' },
          { name: 'pipeline-status', value: '$(tasks.status)' },
        ],
      }),
    ]);
  });

  it('fans out after the unit tests and in again per dependent', () => {
    expect(dagLevels(buildPipelineDag(shop))).toEqual([
      ['clone'],
      ['build-shop-api'],
      ['unit-tests-shop-api', 'security-scan'],
      [
        'integration-tests-shop-api',
        'integration-tests-shop-search',
        'integration-tests-shop-web',
      ],
    ]);
  });

  it('validates against the repository Tasks with no problem', () => {
    expect(realTasks.map(t => t.name)).toContain('build');
    expect(validateGeneratedPipeline(shop, realTasks)).toEqual([]);
  });

  it('is deterministic, whatever order the components come in', () => {
    const again = generatePipelineSpec({
      plan: shopPlan,
      components: [...shopComponents].reverse(),
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(shop));
  });

  describe('with two changed components', () => {
    // web depends on api and auth; admin on web only: both wait for both unit tests.
    const plan = planPullRequest({
      entities: entities(
        ['api', 'auth', 'web', 'admin', 'docs'],
        [
          ['web', 'api'],
          ['web', 'auth'],
          ['admin', 'web'],
        ],
      ),
      changed: [ref('auth'), ref('api')],
    });
    const spec = generatePipelineSpec({
      plan,
      components: ['api', 'auth', 'web', 'admin', 'docs'].map(n =>
        component(n),
      ),
    });

    it('scans both with one matrix task after both builds', () => {
      expect(taskNamed(spec, 'security-scan')).toMatchObject({
        runAfter: ['build-api', 'build-auth'],
        matrix: {
          params: [
            {
              name: 'app-path',
              value: ['examples/shop/api', 'examples/shop/auth'],
            },
          ],
        },
      });
      expect(taskNamed(spec, 'security-scan').params).toBeUndefined();
      const scan = buildPipelineDag(spec).nodes.find(
        n => n.name === 'security-scan',
      );
      expect(scan!.matrix).toEqual({ params: ['app-path'], combinations: 2 });
    });

    it('makes each integration test wait for the unit tests of every change it depends on', () => {
      const runAfter = (name: string) => taskNamed(spec, name).runAfter;
      expect(runAfter('integration-tests-api')).toEqual(['unit-tests-api']);
      expect(runAfter('integration-tests-auth')).toEqual(['unit-tests-auth']);
      expect(runAfter('integration-tests-web')).toEqual([
        'unit-tests-api',
        'unit-tests-auth',
      ]);
      expect(runAfter('integration-tests-admin')).toEqual([
        'unit-tests-api',
        'unit-tests-auth',
      ]);
      expect(spec.tasks!.map(t => t.name)).not.toContain(
        'integration-tests-docs',
      );
      expect(dagLevels(buildPipelineDag(spec))).toEqual([
        ['clone'],
        ['build-api', 'build-auth'],
        ['unit-tests-api', 'unit-tests-auth', 'security-scan'],
        [
          'integration-tests-api',
          'integration-tests-auth',
          'integration-tests-web',
          'integration-tests-admin',
        ],
      ]);
    });

    it('validates with no problem', () => {
      expect(validateGeneratedPipeline(spec, realTasks)).toEqual([]);
    });
  });

  it('only waits for changes a dependent really depends on', () => {
    // x and y changed; only p depends on x, only q on y.
    const plan = planPullRequest({
      entities: entities(
        ['x', 'y', 'p', 'q'],
        [
          ['p', 'x'],
          ['q', 'y'],
        ],
      ),
      changed: [ref('x'), ref('y')],
    });
    const spec = generatePipelineSpec({
      plan,
      components: ['x', 'y', 'p', 'q'].map(n => component(n)),
    });
    expect(taskNamed(spec, 'integration-tests-p').runAfter).toEqual([
      'unit-tests-x',
    ]);
    expect(taskNamed(spec, 'integration-tests-q').runAfter).toEqual([
      'unit-tests-y',
    ]);
  });

  it('builds for several platforms with a matrix, for one with a param', () => {
    const plan = planPullRequest({
      entities: entities(['multi', 'single'], []),
      changed: [ref('multi'), ref('single')],
    });
    const spec = generatePipelineSpec({
      plan,
      components: [
        component('multi', {
          platforms: ['linux/amd64', 'linux/arm64', 'linux/amd64'],
        }),
        component('single', { platforms: ['linux/arm64'] }),
      ],
    });
    expect(taskNamed(spec, 'build-multi')).toMatchObject({
      params: [{ name: 'app-path', value: 'examples/shop/multi' }],
      matrix: {
        params: [{ name: 'platform', value: ['linux/amd64', 'linux/arm64'] }],
      },
    });
    expect(taskNamed(spec, 'build-single').matrix).toBeUndefined();
    expect(taskNamed(spec, 'build-single').params).toEqual([
      { name: 'app-path', value: 'examples/shop/single' },
      { name: 'platform', value: 'linux/arm64' },
    ]);
    expect(
      buildPipelineDag(spec).nodes.find(n => n.name === 'build-multi')!.matrix,
    ).toEqual({ params: ['platform'], combinations: 2 });
    expect(validateGeneratedPipeline(spec, realTasks)).toEqual([]);
  });

  it('sanitizes odd and long names into unique DNS labels', () => {
    const long = `the-${'very-'.repeat(15)}long-service`;
    const names = ['Shop API (v2)!', 'shop_api', 'shop.api', long, '---'];
    const refs = ['odd', 'under', 'dot', 'long', 'dashes'];
    const plan = planPullRequest({
      entities: entities(refs, []),
      changed: refs.map(ref),
    });
    const components = refs.map((r, i) => ({
      ref: ref(r),
      name: names[i],
      appPath: `apps/${r}`,
    }));
    const spec = generatePipelineSpec({ plan, components });
    const taskNames = [...spec.tasks!, ...spec.finally!].map(t => t.name);
    expect(new Set(taskNames).size).toBe(taskNames.length);
    for (const name of taskNames) {
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.length).toBeLessThanOrEqual(63);
    }
    const builds = spec.tasks!.filter(t => t.taskRef?.name === 'build');
    const buildOf = (r: string) =>
      builds.find(t => t.params![0].value === `apps/${r}`)!.name;
    expect(buildOf('odd')).toBe('build-shop-api-v2');
    expect(buildOf('dashes')).toBe('build-component');
    // shop_api and shop.api clash as shop-api: both get a hash of their ref.
    expect(buildOf('under')).toMatch(/^build-shop-api-[0-9a-f]{6}$/);
    expect(buildOf('dot')).toMatch(/^build-shop-api-[0-9a-f]{6}$/);
    expect(buildOf('under')).not.toBe(buildOf('dot'));
    expect(buildOf('long')).toMatch(/^build-the-very-very-.*-[0-9a-f]{6}$/);
    const integration = spec.tasks!.find(
      t =>
        t.taskRef?.name === 'integration-test' &&
        t.params![0].value === 'apps/long',
    )!;
    expect(integration.name).toHaveLength(63);
    expect(integration.displayName).toBe(`Integration tests of ${long}`);
    // The same names for the same refs, however often generated.
    expect(generatePipelineSpec({ plan, components })).toEqual(spec);
    expect(validateGeneratedPipeline(spec, realTasks)).toEqual([]);
  });

  it('refuses a plan with a tested component it has no path for', () => {
    expect(() =>
      generatePipelineSpec({
        plan: shopPlan,
        components: [component('shop-api'), component('shop-web')],
      }),
    ).toThrow(
      new PlanError(
        'no repository path for the tested component(s) component:default/shop-search',
      ),
    );
  });

  it('refuses a plan that builds nothing', () => {
    const empty = planPullRequest({ entities: shopCatalog, changed: [] });
    expect(() =>
      generatePipelineSpec({ plan: empty, components: shopComponents }),
    ).toThrow(PlanError);
  });
});

describe('validateGeneratedPipeline', () => {
  const plan = planPullRequest({
    entities: shopCatalog,
    changed: [ref('shop-api')],
  });
  const spec = generatePipelineSpec({ plan, components: shopComponents });

  it('reports params and Tasks the repository does not have', () => {
    const broken: PipelineSpec = {
      ...spec,
      tasks: spec.tasks!.map(t =>
        t.name === 'build-shop-api'
          ? { ...t, params: [...t.params!, { name: 'arch', value: 'arm' }] }
          : t,
      ),
    };
    const withoutScan = realTasks.filter(t => t.name !== 'security-scan');
    expect(
      validateGeneratedPipeline(broken, withoutScan).map(p => p.message),
    ).toEqual([
      'task "build-shop-api" passes param "arch", which its Task does not declare',
      'task "security-scan" refers to Task "security-scan", which does not exist',
    ]);
  });

  it('reports a cycle and over-long task names', () => {
    const longName = `integration-tests-${'x'.repeat(50)}`;
    const broken: PipelineSpec = {
      ...spec,
      tasks: [
        ...spec.tasks!.map(t =>
          t.name === 'clone' ? { ...t, runAfter: ['unit-tests-shop-api'] } : t,
        ),
        { ...spec.tasks![4], name: longName },
      ],
    };
    const messages = validateGeneratedPipeline(broken, realTasks).map(
      p => p.message,
    );
    expect(messages).toContain(
      'has a cycle: clone -> build-shop-api -> unit-tests-shop-api -> clone',
    );
    expect(messages).toContain(
      `task "${longName}" is longer than 63 characters`,
    );
  });
});
