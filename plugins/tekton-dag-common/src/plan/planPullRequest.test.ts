import {
  PlanError,
  planPullRequest,
  type BuildPlan,
  type PlanEntity,
} from './planPullRequest';

const ref = (name: string) => `component:default/${name}`;
const apiRef = (name: string) => `api:default/${name}`;

/**
 * A catalog stating every relation from both sides, as Backstage's catalog does.
 * `dependsOn: [x, y]` means x depends on y.
 */
function catalog(spec: {
  components: string[];
  apis?: string[];
  resources?: string[];
  systems?: string[];
  dependsOn?: Array<[string, string]>;
  provides?: Array<[string, string]>;
  consumes?: Array<[string, string]>;
  partOf?: Array<[string, string]>;
  titles?: Record<string, string>;
}): PlanEntity[] {
  const entities = new Map<string, PlanEntity>();
  const add = (kind: string, entityRef: string) =>
    entities.set(entityRef, { ref: entityRef, kind, relations: [] });
  spec.components.forEach(c => add('Component', ref(c)));
  (spec.apis ?? []).forEach(a => add('API', apiRef(a)));
  (spec.resources ?? []).forEach(r => add('Resource', `resource:default/${r}`));
  (spec.systems ?? []).forEach(s => add('System', `system:default/${s}`));
  const relate = (from: string, type: string, to: string, inverse: string) => {
    entities.get(from)?.relations.push({ type, targetRef: to });
    entities.get(to)?.relations.push({ type: inverse, targetRef: from });
  };
  // Components by name; other kinds by full ref.
  const refOf = (name: string) => (name.includes(':') ? name : ref(name));
  for (const [x, y] of spec.dependsOn ?? [])
    relate(refOf(x), 'dependsOn', refOf(y), 'dependencyOf');
  for (const [c, a] of spec.provides ?? [])
    relate(ref(c), 'providesApi', apiRef(a), 'apiProvidedBy');
  for (const [c, a] of spec.consumes ?? [])
    relate(ref(c), 'consumesApi', apiRef(a), 'apiConsumedBy');
  for (const [c, s] of spec.partOf ?? [])
    relate(ref(c), 'partOf', `system:default/${s}`, 'hasPart');
  for (const [name, title] of Object.entries(spec.titles ?? {}))
    entities.get(ref(name))!.title = title;
  return [...entities.values()];
}

const reasonOf = (plan: BuildPlan, name: string) =>
  plan.reasons.find(r => r.ref === ref(name));

describe('planPullRequest', () => {
  it('tests a diamond once, in dependency levels', () => {
    const entities = catalog({
      components: ['a', 'b', 'c', 'd'],
      dependsOn: [
        ['b', 'a'],
        ['c', 'a'],
        ['d', 'b'],
        ['d', 'c'],
      ],
    });
    const plan = planPullRequest({ entities, changed: [ref('a')] });
    expect(plan.build).toEqual([ref('a')]);
    expect(plan.test).toEqual([ref('a'), ref('b'), ref('c'), ref('d')]);
    expect(plan.order).toEqual([[ref('a')], [ref('b'), ref('c')], [ref('d')]]);
    expect(plan.reasons).toEqual([
      { ref: ref('a'), because: [ref('a')], hops: 0 },
      { ref: ref('b'), because: [ref('a'), ref('b')], hops: 1 },
      { ref: ref('c'), because: [ref('a'), ref('c')], hops: 1 },
      { ref: ref('d'), because: [ref('a'), ref('b'), ref('d')], hops: 2 },
    ]);
    expect(plan.dependsOn).toEqual({
      [ref('a')]: [],
      [ref('b')]: [ref('a')],
      [ref('c')]: [ref('a')],
      [ref('d')]: [ref('b'), ref('c')],
    });
    expect(plan.explanation).toEqual([
      'a changed: it is built and its unit tests run.',
      'b depends on a: its integration tests run too.',
      'c depends on a: its integration tests run too.',
      'd depends on a through b: its integration tests run too.',
    ]);
  });

  it('refuses a dependency cycle among the tested components, naming it', () => {
    const entities = catalog({
      components: ['a', 'b', 'c'],
      dependsOn: [
        ['c', 'a'],
        ['a', 'b'],
        ['b', 'a'],
      ],
    });
    const plan = () => planPullRequest({ entities, changed: [ref('a')] });
    expect(plan).toThrow(PlanError);
    expect(plan).toThrow(
      'dependency cycle: component:default/a → component:default/b → component:default/a',
    );
  });

  it('names a longer cycle from its smallest ref, whichever component changed', () => {
    const entities = catalog({
      components: ['x', 'y', 'z'],
      dependsOn: [
        ['y', 'x'],
        ['z', 'y'],
        ['x', 'z'],
      ],
    });
    for (const changed of ['x', 'y', 'z']) {
      expect(() =>
        planPullRequest({ entities, changed: [ref(changed)] }),
      ).toThrow(
        'dependency cycle: component:default/x → component:default/z → component:default/y → component:default/x',
      );
    }
  });

  it('ignores a cycle that no tested component is part of', () => {
    const entities = catalog({
      components: ['a', 'b', 'c'],
      dependsOn: [
        ['b', 'c'],
        ['c', 'b'],
      ],
    });
    expect(planPullRequest({ entities, changed: [ref('a')] }).test).toEqual([
      ref('a'),
    ]);
  });

  it('plans a change touching two components, each dependent tested once', () => {
    const entities = catalog({
      components: ['api', 'auth', 'web', 'admin', 'other'],
      dependsOn: [
        ['web', 'api'],
        ['web', 'auth'],
        ['admin', 'web'],
        ['admin', 'auth'],
      ],
    });
    const plan = planPullRequest({
      entities,
      changed: [ref('auth'), ref('api'), ref('auth')],
    });
    expect(plan.build).toEqual([ref('api'), ref('auth')]);
    expect(plan.test).toEqual([
      ref('admin'),
      ref('api'),
      ref('auth'),
      ref('web'),
    ]);
    expect(plan.order).toEqual([
      [ref('api'), ref('auth')],
      [ref('web')],
      [ref('admin')],
    ]);
    expect(reasonOf(plan, 'admin')).toEqual({
      ref: ref('admin'),
      because: [ref('auth'), ref('admin')],
      hops: 1,
    });
    expect(plan.explanation).toEqual([
      'api changed: it is built and its unit tests run.',
      'auth changed: it is built and its unit tests run.',
      'admin depends on auth: its integration tests run too.',
      'web depends on api: its integration tests run too.',
    ]);
  });

  it('plans nothing when no component changed', () => {
    const entities = catalog({
      components: ['a', 'b'],
      dependsOn: [['b', 'a']],
    });
    expect(planPullRequest({ entities, changed: [] })).toEqual({
      build: [],
      test: [],
      systems: [],
      order: [],
      reasons: [],
      dependsOn: {},
      explanation: ['No component changed: there is nothing to build or test.'],
    });
  });

  it('says so when nothing depends on the changed components', () => {
    const entities = catalog({
      components: ['a', 'b'],
      dependsOn: [['a', 'b']],
    });
    const plan = planPullRequest({ entities, changed: [ref('a')] });
    expect(plan.test).toEqual([ref('a')]);
    expect(plan.explanation).toEqual([
      'a changed: it is built and its unit tests run.',
      'Nothing else depends on the changed components: no other component is tested.',
    ]);
  });

  describe('radius', () => {
    const entities = catalog({
      components: ['a', 'b', 'c', 'd', 'e'],
      dependsOn: [
        ['b', 'a'],
        ['c', 'b'],
        ['d', 'b'],
        ['e', 'c'],
      ],
    });

    it('0 tests only the changed components', () => {
      const plan = planPullRequest({
        entities,
        changed: [ref('a')],
        radius: 0,
      });
      expect(plan.test).toEqual([ref('a')]);
      expect(plan.order).toEqual([[ref('a')]]);
      expect(plan.explanation).toEqual([
        'a changed: it is built and its unit tests run.',
        'Radius 0: only the changed components are tested.',
        '1 more component depends on the tested ones but lies beyond the radius of 0 hops: it is not tested.',
      ]);
    });

    it('1 adds the direct dependents only', () => {
      const plan = planPullRequest({
        entities,
        changed: [ref('a')],
        radius: 1,
      });
      expect(plan.test).toEqual([ref('a'), ref('b')]);
      expect(plan.explanation.at(-1)).toBe(
        '2 more components depend on the tested ones but lie beyond the radius of 1 hop: they are not tested.',
      );
    });

    it('is unlimited by default', () => {
      const plan = planPullRequest({ entities, changed: [ref('a')] });
      expect(plan.test).toHaveLength(5);
      expect(reasonOf(plan, 'e')!.hops).toBe(3);
      expect(reasonOf(plan, 'e')!.because).toEqual(
        ['a', 'b', 'c', 'e'].map(ref),
      );
      expect(plan.explanation).toContain(
        'e depends on a through b → c: its integration tests run too.',
      );
    });

    it('must not be negative', () => {
      expect(() =>
        planPullRequest({ entities, changed: [ref('a')], radius: -1 }),
      ).toThrow('radius must be 0 or more (or Infinity), not -1');
    });
  });

  it('follows dependencies through APIs and Resources as single hops', () => {
    const entities = catalog({
      components: ['orders', 'web', 'mobile', 'reports', 'db-operator'],
      apis: ['orders-api'],
      resources: ['orders-db'],
      provides: [['orders', 'orders-api']],
      consumes: [
        ['web', 'orders-api'],
        ['mobile', 'orders-api'],
      ],
      dependsOn: [
        ['reports', 'resource:default/orders-db'],
        ['resource:default/orders-db', 'orders'],
      ],
    });
    const plan = planPullRequest({
      entities,
      changed: [ref('orders')],
      radius: 1,
    });
    expect(plan.test).toEqual([
      ref('mobile'),
      ref('orders'),
      ref('reports'),
      ref('web'),
    ]);
    expect(reasonOf(plan, 'web')).toEqual({
      ref: ref('web'),
      because: [ref('orders'), ref('web')],
      hops: 1,
    });
    expect(plan.order).toEqual([
      [ref('orders')],
      [ref('mobile'), ref('reports'), ref('web')],
    ]);
  });

  it('reads API relations stated from either side only', () => {
    const consumerSide: PlanEntity[] = [
      {
        ref: ref('provider'),
        kind: 'Component',
        relations: [{ type: 'providesApi', targetRef: apiRef('x') }],
      },
      {
        ref: ref('consumer'),
        kind: 'Component',
        relations: [{ type: 'consumesApi', targetRef: apiRef('x') }],
      },
      { ref: apiRef('x'), kind: 'API', relations: [] },
    ];
    const apiSide: PlanEntity[] = [
      { ref: ref('provider'), kind: 'Component', relations: [] },
      { ref: ref('consumer'), kind: 'Component', relations: [] },
      {
        ref: apiRef('x'),
        kind: 'API',
        relations: [
          { type: 'apiProvidedBy', targetRef: ref('provider') },
          { type: 'apiConsumedBy', targetRef: ref('consumer') },
        ],
      },
    ];
    for (const entities of [consumerSide, apiSide]) {
      const plan = planPullRequest({ entities, changed: [ref('provider')] });
      expect(plan.test).toEqual([ref('consumer'), ref('provider')]);
      expect(plan.dependsOn[ref('consumer')]).toEqual([ref('provider')]);
    }
  });

  it('ignores relations to refs outside the catalog and unknown relation types', () => {
    const entities: PlanEntity[] = [
      {
        ref: ref('a'),
        kind: 'Component',
        relations: [
          { type: 'dependsOn', targetRef: ref('missing') },
          { type: 'dependencyOf', targetRef: 'component:other/ghost' },
          { type: 'ownedBy', targetRef: 'group:default/team' },
          { type: 'partOf', targetRef: 'system:default/gone' },
        ],
      },
      {
        ref: ref('b'),
        kind: 'Component',
        relations: [
          { type: 'dependsOn', targetRef: ref('a') },
          { type: 'somethingNew', targetRef: ref('c') },
        ],
      },
      { ref: ref('c'), kind: 'Component', relations: [] },
      {
        ref: 'group:default/team',
        kind: 'Group',
        relations: [{ type: 'dependsOn', targetRef: ref('a') }],
      },
    ];
    const plan = planPullRequest({ entities, changed: [ref('a')] });
    expect(plan.test).toEqual([ref('a'), ref('b')]);
    expect(plan.systems).toEqual([]);
  });

  it('compares refs case-insensitively and answers with the catalog spelling', () => {
    const entities: PlanEntity[] = [
      { ref: 'component:default/Shop-API', kind: 'Component', relations: [] },
      {
        ref: 'component:default/shop-web',
        kind: 'component',
        relations: [
          { type: 'dependsOn', targetRef: 'Component:Default/SHOP-api' },
        ],
      },
    ];
    const plan = planPullRequest({
      entities,
      changed: ['component:default/shop-api'],
    });
    expect(plan.build).toEqual(['component:default/Shop-API']);
    expect(plan.test).toEqual([
      'component:default/Shop-API',
      'component:default/shop-web',
    ]);
    // Backstage's defaults: kind component, namespace default.
    expect(planPullRequest({ entities, changed: ['shop-api'] }).build).toEqual([
      'component:default/Shop-API',
    ]);
  });

  it('refuses a changed ref that is not a component in the catalog', () => {
    const entities = catalog({ components: ['a'], apis: ['a-api'] });
    expect(() => planPullRequest({ entities, changed: [ref('nope')] })).toThrow(
      new PlanError(
        'changed component "component:default/nope" is not in the catalog',
      ),
    );
    expect(() =>
      planPullRequest({ entities, changed: [apiRef('a-api')] }),
    ).toThrow(
      'changed ref "api:default/a-api" is a API, not a Component: only components are built',
    );
  });

  it('lists the systems of the built and tested components', () => {
    const entities = catalog({
      components: ['shop-api', 'shop-web', 'billing', 'sub'],
      systems: ['shop', 'payments', 'unrelated'],
      dependsOn: [
        ['shop-web', 'shop-api'],
        ['sub', 'billing'],
      ],
      partOf: [
        ['shop-api', 'shop'],
        ['shop-web', 'shop'],
        ['shop-web', 'payments'],
        ['billing', 'unrelated'],
      ],
    });
    // A component's parent component is partOf too, but not a System.
    entities
      .find(e => e.ref === ref('sub'))!
      .relations.push({ type: 'partOf', targetRef: ref('shop-web') });
    const plan = planPullRequest({ entities, changed: [ref('shop-api')] });
    expect(plan.systems).toEqual([
      'system:default/payments',
      'system:default/shop',
    ]);
  });

  it('explains with titles when the catalog has them', () => {
    const entities = catalog({
      components: ['shop-api', 'shop-web', 'shop-search'],
      dependsOn: [
        ['shop-web', 'shop-api'],
        ['shop-search', 'shop-api'],
      ],
      titles: { 'shop-web': 'Shop Web' },
    });
    expect(
      planPullRequest({ entities, changed: [ref('shop-api')] }).explanation,
    ).toEqual([
      'shop-api changed: it is built and its unit tests run.',
      'shop-search depends on shop-api: its integration tests run too.',
      'Shop Web depends on shop-api: its integration tests run too.',
    ]);
  });

  it('gives the same plan whatever order the catalog lists entities and relations in', () => {
    const entities = catalog({
      components: ['a', 'b', 'c', 'd', 'e'],
      apis: ['x'],
      dependsOn: [
        ['b', 'a'],
        ['c', 'a'],
        ['d', 'b'],
        ['d', 'c'],
      ],
      provides: [['d', 'x']],
      consumes: [['e', 'x']],
    });
    const reversed = [...entities]
      .reverse()
      .map(e => ({ ...e, relations: [...e.relations].reverse() }));
    expect(
      planPullRequest({ entities: reversed, changed: [ref('a')] }),
    ).toEqual(planPullRequest({ entities, changed: [ref('a')] }));
  });

  describe('a 500-component system', () => {
    // Ten layers of 50, each component providing an API; the first layer depends on a shared
    // library, the others on three or four components of the layer below, directly or
    // through their API: 2,000 relations.
    const LAYERS = 10;
    const WIDTH = 50;
    const name = (layer: number, i: number) => `c${layer}-${i}`;
    const dependsOn: Array<[string, string]> = [];
    const consumes: Array<[string, string]> = [];
    const provides: Array<[string, string]> = [];
    const components: string[] = ['lib'];
    for (let layer = 0; layer < LAYERS; layer++) {
      for (let i = 0; i < WIDTH; i++) {
        components.push(name(layer, i));
        provides.push([name(layer, i), `${name(layer, i)}-api`]);
        if (layer === 0) {
          dependsOn.push([name(layer, i), 'lib']);
          continue;
        }
        for (const offset of layer <= 2 ? [0, 7, 19, 31] : [0, 7, 19]) {
          const target = name(layer - 1, (i * 3 + offset) % WIDTH);
          if (offset === 7) consumes.push([name(layer, i), `${target}-api`]);
          else dependsOn.push([name(layer, i), target]);
        }
      }
    }
    const entities = catalog({
      components,
      apis: provides.map(([, api]) => api),
      dependsOn,
      provides,
      consumes,
    });

    /** The same answer the slow way: repeat until nothing new is reached. */
    function naiveDependents(changed: string[]): Map<string, number> {
      const edges = [
        ...dependsOn,
        ...consumes.map(([c, api]): [string, string] => [
          c,
          provides.find(([, a]) => a === api)![0],
        ]),
      ];
      const hops = new Map(changed.map(c => [c, 0]));
      for (let round = 1; ; round++) {
        const added = edges.filter(
          ([from, to]) => hops.get(to) === round - 1 && !hops.has(from),
        );
        if (added.length === 0) return hops;
        for (const [from] of added) if (!hops.has(from)) hops.set(from, round);
      }
    }

    it('has 2,000 relations', () => {
      expect(dependsOn.length + consumes.length + provides.length).toBe(2000);
    });

    it.each([
      [['c3-10']],
      [['c0-1', 'c2-5', 'c5-44', 'c8-0', 'c9-49']],
      [['lib']],
    ])('tests exactly the dependents of %j, in valid levels', changed => {
      const plan = planPullRequest({ entities, changed: changed.map(ref) });
      const expected = naiveDependents(changed);
      expect(plan.test).toEqual([...expected.keys()].map(ref).sort());
      for (const reason of plan.reasons) {
        const short = reason.ref.slice(ref('').length);
        expect(reason.hops).toBe(expected.get(short));
        expect(reason.because).toHaveLength(reason.hops + 1);
      }
      const levelOf = new Map(
        plan.order.flatMap((level, index) => level.map(r => [r, index])),
      );
      expect(levelOf.size).toBe(plan.test.length);
      for (const [dependent, dependencies] of Object.entries(plan.dependsOn)) {
        for (const dependency of dependencies)
          expect(levelOf.get(dependency)!).toBeLessThan(
            levelOf.get(dependent)!,
          );
      }
    });

    it('tests everything when the shared library changes', () => {
      const plan = planPullRequest({ entities, changed: [ref('lib')] });
      expect(plan.test).toHaveLength(501);
      expect(plan.order).toHaveLength(LAYERS + 1);
    });

    it('refuses a cycle closed across the layers', () => {
      const cyclic = catalog({
        components,
        apis: provides.map(([, api]) => api),
        dependsOn: [...dependsOn, ['c0-0', 'c9-0']],
        provides,
        consumes,
      });
      expect(() =>
        planPullRequest({ entities: cyclic, changed: [ref('lib')] }),
      ).toThrow(
        /^dependency cycle: component:default\/c0-0 → component:default\/c9-0 → .* → component:default\/c0-0$/,
      );
    });
  });
});
