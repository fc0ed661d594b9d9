import { compareKeys, entityRefKey, entityRefName } from './entityRefs';

/** A relation as the Backstage catalog returns it on an entity. */
export interface PlanRelation {
  type: string;
  targetRef: string;
}

/** A catalog entity as the planner needs it. */
export interface PlanEntity {
  /** Backstage entity ref, e.g. `component:default/shop-api`. */
  ref: string;
  kind: string;
  title?: string;
  relations: PlanRelation[];
}

export interface PlanInput {
  entities: PlanEntity[];
  /** Refs of the components the pull request changed. */
  changed: string[];
  /**
   * How many dependency hops from a changed component still get tested: 0 tests only the
   * changed ones. Unlimited by default.
   */
  radius?: number;
}

/** Why a component is tested. */
export interface PlanReason {
  ref: string;
  /** The chain of component refs from a changed component to `ref` (both included). */
  because: string[];
  /** Dependency hops from the changed component: `because.length - 1`. */
  hops: number;
}

export interface BuildPlan {
  /** The changed components: built, unit tested. Sorted. */
  build: string[];
  /** The changed components and their dependents within the radius. Sorted. */
  test: string[];
  /** The Systems the tested components are part of. Sorted. */
  systems: string[];
  /** `test` in dependency levels: every component of a level depends only on earlier levels. */
  order: string[][];
  /** One per tested component, in `test` order. */
  reasons: PlanReason[];
  /** For each tested component, the tested components it depends on directly. */
  dependsOn: Record<string, string[]>;
  /** Human sentences saying why each component is built or tested. */
  explanation: string[];
}

/** A pull request that cannot be planned: the message says why. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

const byNumber = (a: number, b: number) => a - b;

/** What a catalog kind is to the planner. */
enum Role {
  Other = 0,
  Component = 1,
  /** APIs and Resources: a dependency passes through them without counting a hop. */
  Transparent = 2,
  System = 3,
}

function roleOf(kind: string): Role {
  switch (kind.toLowerCase()) {
    case 'component':
      return Role.Component;
    case 'api':
    case 'resource':
      return Role.Transparent;
    case 'system':
      return Role.System;
    default:
      return Role.Other;
  }
}

/**
 * The catalog's dependency graph over entity indexes. Entities are numbered in ref order, so
 * sorting indexes sorts refs and every result comes out in the same order. An edge `X → Y`
 * means X depends on Y, however the catalog states it: from either side, or through an API
 * (`X → api → provider`).
 */
class DependencyGraph {
  readonly entities: PlanEntity[];
  readonly index = new Map<string, number>();
  readonly roles: Uint8Array;
  readonly dependencies: number[][];
  readonly dependents: number[][];
  readonly systemsOf: number[][];
  /** Marks of `nextComponents`, stamped instead of cleared between calls. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(input: PlanEntity[]) {
    const byKey = new Map<string, PlanEntity>();
    for (const entity of input) {
      const key = entityRefKey(entity.ref);
      // The catalog has one entity per ref; should a duplicate slip in, the first one wins.
      if (!byKey.has(key)) byKey.set(key, entity);
    }
    const keys = [...byKey.keys()].sort(compareKeys);
    const size = keys.length;
    this.entities = keys.map(key => byKey.get(key)!);
    keys.forEach((key, i) => this.index.set(key, i));
    this.roles = Uint8Array.from(this.entities, e => roleOf(e.kind));
    this.dependencies = Array.from({ length: size }, () => []);
    this.dependents = Array.from({ length: size }, () => []);
    this.systemsOf = Array.from({ length: size }, () => []);
    this.seen = new Uint32Array(size);

    // The catalog states each relation from both sides: keep one edge of each.
    const known = new Set<number>();
    const knownMemberships = new Set<number>();
    const carries = (i: number) =>
      this.roles[i] === Role.Component || this.roles[i] === Role.Transparent;
    const addDependency = (from: number, to: number) => {
      // A component that provides and consumes the same API does not depend on itself.
      if (from === to || !carries(from) || !carries(to)) return;
      const edge = from * size + to;
      if (known.has(edge)) return;
      known.add(edge);
      this.dependencies[from].push(to);
      this.dependents[to].push(from);
    };
    const addToSystem = (member: number, system: number) => {
      if (this.roles[system] !== Role.System) return;
      const membership = member * size + system;
      if (knownMemberships.has(membership)) return;
      knownMemberships.add(membership);
      this.systemsOf[member].push(system);
    };

    this.entities.forEach((entity, self) => {
      for (const relation of entity.relations) {
        const target = this.index.get(entityRefKey(relation.targetRef));
        if (target === undefined) continue; // outside the catalog we were given
        switch (relation.type) {
          case 'dependsOn':
          case 'consumesApi':
          case 'apiProvidedBy':
            addDependency(self, target);
            break;
          case 'dependencyOf':
          case 'apiConsumedBy':
          case 'providesApi':
            addDependency(target, self);
            break;
          case 'partOf':
            addToSystem(self, target);
            break;
          case 'hasPart':
            addToSystem(target, self);
            break;
          default:
        }
      }
    });
  }

  /** The components `start` reaches in one hop along `edges`, through APIs and Resources. */
  nextComponents(start: number, edges: number[][]): number[] {
    const stamp = ++this.stamp;
    const found: number[] = [];
    const stack = [start];
    this.seen[start] = stamp;
    while (stack.length > 0) {
      for (const next of edges[stack.pop()!]) {
        if (this.seen[next] === stamp) continue;
        this.seen[next] = stamp;
        if (this.roles[next] === Role.Component) found.push(next);
        else stack.push(next);
      }
    }
    return found.sort(byNumber);
  }
}

function checkRadius(radius: number): number {
  if (Number.isNaN(radius) || radius < 0)
    throw new PlanError(
      `radius must be 0 or more (or Infinity), not ${radius}`,
    );
  return Math.floor(radius);
}

/** Hops from a change per entity (-1: not reached), and where each was reached from. */
interface Reach {
  hops: Int32Array;
  from: Int32Array;
  /** Components depending on reached ones, just beyond the radius. */
  beyondRadius: number;
}

/**
 * Breadth-first over dependents from the changed components, so every component is reached
 * along a shortest chain.
 */
function reachDependents(
  graph: DependencyGraph,
  changed: number[],
  radius: number,
): Reach {
  const size = graph.entities.length;
  const hops = new Int32Array(size).fill(-1);
  const from = new Int32Array(size).fill(-1);
  for (const i of changed) hops[i] = 0;
  let frontier = changed;
  for (let distance = 1; frontier.length > 0; distance++) {
    const next: number[] = [];
    const beyond = distance > radius;
    for (const i of frontier) {
      for (const dependent of graph.nextComponents(i, graph.dependents)) {
        if (hops[dependent] !== -1) continue;
        // Beyond the radius, marked only to count each component once.
        hops[dependent] = beyond ? -2 : distance;
        from[dependent] = i;
        next.push(dependent);
      }
    }
    if (beyond) {
      for (const i of next) hops[i] = from[i] = -1;
      return { hops, from, beyondRadius: next.length };
    }
    frontier = next;
  }
  return { hops, from, beyondRadius: 0 };
}

/**
 * Dependency levels of the tested components (Kahn's algorithm, level by level). A cycle
 * leaves components that never become ready: it is found among them and reported.
 */
function levelsOf(
  tested: number[],
  dependsOn: Map<number, number[]>,
  refOf: (i: number) => string,
): string[][] {
  const waitingFor = new Map<number, number>();
  const dependentsOf = new Map<number, number[]>();
  for (const i of tested) {
    const dependencies = dependsOn.get(i)!;
    waitingFor.set(i, dependencies.length);
    for (const dependency of dependencies) {
      let list = dependentsOf.get(dependency);
      if (!list) dependentsOf.set(dependency, (list = []));
      list.push(i);
    }
  }
  const levels: number[][] = [];
  let ready = tested.filter(i => waitingFor.get(i) === 0);
  let placed = 0;
  while (ready.length > 0) {
    levels.push(ready);
    placed += ready.length;
    const next: number[] = [];
    for (const i of ready) {
      for (const dependent of dependentsOf.get(i) ?? []) {
        const left = waitingFor.get(dependent)! - 1;
        waitingFor.set(dependent, left);
        if (left === 0) next.push(dependent);
      }
    }
    ready = next.sort(byNumber);
  }
  if (placed < tested.length) {
    const waiting = (i: number) => waitingFor.get(i)! > 0;
    const cycle = findCycle(tested.filter(waiting), i =>
      dependsOn.get(i)!.filter(waiting),
    );
    throw new PlanError(`dependency cycle: ${cycle.map(refOf).join(' → ')}`);
  }
  return levels.map(level => level.map(refOf));
}

/**
 * Every left-over component still waits for another left-over one, so following those
 * dependencies from any of them must come back to a component already seen: the cycle.
 */
function findCycle(
  leftOver: number[],
  waitsFor: (i: number) => number[],
): number[] {
  const path: number[] = [];
  const position = new Map<number, number>();
  let i = leftOver[0];
  while (!position.has(i)) {
    position.set(i, path.length);
    path.push(i);
    i = waitsFor(i)[0];
  }
  const cycle = path.slice(position.get(i));
  // Start at the smallest ref, so the same cycle is always named the same way.
  const start = cycle.indexOf(Math.min(...cycle));
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
  return [...rotated, rotated[0]];
}

/**
 * Plans a pull request from the catalog: the changed components are built and unit tested,
 * they and every component depending on them (within `radius` hops) get integration tests.
 * Throws PlanError for a changed ref that is no Component, and for a dependency cycle among
 * the tested components.
 */
export function planPullRequest(input: PlanInput): BuildPlan {
  const radius = checkRadius(input.radius ?? Infinity);
  const graph = new DependencyGraph(input.entities);
  const refOf = (i: number) => graph.entities[i].ref;
  const labelOf = (i: number) =>
    graph.entities[i].title || entityRefName(graph.entities[i].ref);

  const changedSet = new Set<number>();
  for (const ref of input.changed) {
    const i = graph.index.get(entityRefKey(ref));
    if (i === undefined)
      throw new PlanError(`changed component "${ref}" is not in the catalog`);
    if (graph.roles[i] !== Role.Component) {
      const { ref: found, kind } = graph.entities[i];
      throw new PlanError(
        `changed ref "${found}" is a ${kind}, not a Component: only components are built`,
      );
    }
    changedSet.add(i);
  }
  const changed = [...changedSet].sort(byNumber);

  const { hops, from, beyondRadius } = reachDependents(graph, changed, radius);
  const tested: number[] = [];
  for (let i = 0; i < hops.length; i++) if (hops[i] >= 0) tested.push(i);
  const dependsOn = new Map(
    tested.map(i => [
      i,
      graph.nextComponents(i, graph.dependencies).filter(d => hops[d] >= 0),
    ]),
  );
  const order = levelsOf(tested, dependsOn, refOf);

  const chainOf = (i: number): number[] => {
    const chain = [i];
    for (let at = from[i]; at >= 0; at = from[at]) chain.push(at);
    return chain.reverse();
  };
  const chains = new Map(tested.map(i => [i, chainOf(i)]));

  const systems = new Set<number>();
  for (const i of tested) for (const s of graph.systemsOf[i]) systems.add(s);

  return {
    build: changed.map(refOf),
    test: tested.map(refOf),
    systems: [...systems].sort(byNumber).map(refOf),
    order,
    reasons: tested.map(i => ({
      ref: refOf(i),
      because: chains.get(i)!.map(refOf),
      hops: hops[i],
    })),
    dependsOn: Object.fromEntries(
      tested.map(i => [refOf(i), dependsOn.get(i)!.map(refOf)]),
    ),
    explanation: explain({
      changed,
      chains: [...chains.values()],
      labelOf,
      radius,
      beyondRadius,
    }),
  };
}

function explain({
  changed,
  chains,
  labelOf,
  radius,
  beyondRadius,
}: {
  changed: number[];
  /** One per tested component, from a change to it. */
  chains: number[][];
  labelOf: (i: number) => string;
  radius: number;
  beyondRadius: number;
}): string[] {
  if (changed.length === 0)
    return ['No component changed: there is nothing to build or test.'];
  const sentences = changed.map(
    i => `${labelOf(i)} changed: it is built and its unit tests run.`,
  );
  const dependents = chains
    .filter(chain => chain.length > 1)
    .sort((a, b) => a.length - b.length || a[a.length - 1] - b[b.length - 1]);
  for (const chain of dependents) {
    const [origin, ...rest] = chain.map(labelOf);
    const self = rest.pop()!;
    const through = rest.length > 0 ? ` through ${rest.join(' → ')}` : '';
    sentences.push(
      `${self} depends on ${origin}${through}: its integration tests run too.`,
    );
  }
  if (dependents.length === 0) {
    sentences.push(
      radius === 0
        ? 'Radius 0: only the changed components are tested.'
        : 'Nothing else depends on the changed components: no other component is tested.',
    );
  }
  if (beyondRadius > 0) {
    const hops = `${radius} hop${radius === 1 ? '' : 's'}`;
    sentences.push(
      beyondRadius === 1
        ? `1 more component depends on the tested ones but lies beyond the radius of ${hops}: it is not tested.`
        : `${beyondRadius} more components depend on the tested ones but lie beyond the radius of ${hops}: they are not tested.`,
    );
  }
  return sentences;
}
