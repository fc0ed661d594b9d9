/* eslint-disable no-console */
/**
 * Pull request planning benchmark: a synthetic catalog of 500 components with 2,000
 * relations (dependsOn, and consumesApi/providesApi through 100 APIs), stated from both
 * sides as Backstage's catalog returns them. Plans changes of 1 and of 5 components many
 * times and prints p50/p99/max of `planPullRequest` (target: under 20 ms), of
 * `generatePipelineSpec` and of `validateGeneratedPipeline` against the repository's Tasks.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/planning.ts [--runs N]
 *
 * The catalog and the changed components come from a seeded generator, so every run
 * measures the same work.
 */
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import {
  generatePipelineSpec,
  planPullRequest,
  validateGeneratedPipeline,
  type PipelineComponent,
  type PlanEntity,
} from '../plugins/tekton-dag-common/src/plan';
import type { TaskSpec } from '../plugins/tekton-dag-common/src/tekton/types';
import { seededRandom } from './seededRandom';

const COMPONENTS = 500;
const APIS = 100;
const DEPENDS_ON = 1200;
const CONSUMES = 700;
const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 1000;
/** Runs before the measured ones, while V8 compiles the code paths. */
const WARMUP = 50;

const random = seededRandom(42);
const pick = (below: number) => Math.floor(random() * below);
const componentRef = (i: number) => `component:default/service-${i}`;
const apiRef = (i: number) => `api:default/api-${i}`;

/**
 * Dependencies point from a higher index to a lower one, so the catalog has no cycle
 * (a cycle is refused, which would measure nothing) and low indexes have many dependents.
 */
function buildCatalog(): PlanEntity[] {
  const entities = new Map<string, PlanEntity>();
  for (let i = 0; i < COMPONENTS; i++)
    entities.set(componentRef(i), {
      ref: componentRef(i),
      kind: 'Component',
      relations: [],
    });
  for (let i = 0; i < APIS; i++)
    entities.set(apiRef(i), { ref: apiRef(i), kind: 'API', relations: [] });
  const relate = (from: string, type: string, to: string, inverse: string) => {
    entities.get(from)!.relations.push({ type, targetRef: to });
    entities.get(to)!.relations.push({ type: inverse, targetRef: from });
  };
  // API i is provided by component 3i, and consumed only by later components.
  for (let i = 0; i < APIS; i++)
    relate(componentRef(3 * i), 'providesApi', apiRef(i), 'apiProvidedBy');
  for (let n = 0; n < DEPENDS_ON; n++) {
    const from = 1 + pick(COMPONENTS - 1);
    relate(
      componentRef(from),
      'dependsOn',
      componentRef(pick(from)),
      'dependencyOf',
    );
  }
  for (let n = 0; n < CONSUMES; n++) {
    const api = pick(APIS);
    const from = 3 * api + 1 + pick(COMPONENTS - 3 * api - 1);
    relate(componentRef(from), 'consumesApi', apiRef(api), 'apiConsumedBy');
  }
  return [...entities.values()];
}

function loadTasks(): Array<{ name: string; spec: TaskSpec }> {
  const dir = path.join(__dirname, '../tekton/tasks');
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .map(file => parse(fs.readFileSync(path.join(dir, file), 'utf8')))
    .map(task => ({ name: task.metadata.name, spec: task.spec }));
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  return `p50 ${ms(at(0.5))}  p99 ${ms(at(0.99))}  max ${ms(
    sorted[sorted.length - 1],
  )}`;
}

function time<T>(samples: number[], run: () => T): T {
  const started = performance.now();
  const result = run();
  samples.push(performance.now() - started);
  return result;
}

function measure(
  entities: PlanEntity[],
  components: PipelineComponent[],
  tasks: Array<{ name: string; spec: TaskSpec }>,
  changedCount: number,
) {
  const planning: number[] = [];
  const generation: number[] = [];
  const validation: number[] = [];
  let tested = 0;
  for (let run = -WARMUP; run < RUNS; run++) {
    const changed = new Set<string>();
    // Skewed towards low indexes, the components with the most dependents.
    while (changed.size < changedCount)
      changed.add(componentRef(Math.floor(random() ** 2 * COMPONENTS)));
    const measured = run >= 0;
    const plan = time(measured ? planning : [], () =>
      planPullRequest({ entities, changed: [...changed] }),
    );
    const spec = time(measured ? generation : [], () =>
      generatePipelineSpec({ plan, components }),
    );
    const problems = time(measured ? validation : [], () =>
      validateGeneratedPipeline(spec, tasks),
    );
    if (problems.length > 0)
      throw new Error(`invalid spec: ${JSON.stringify(problems[0])}`);
    if (measured) tested += plan.test.length;
  }
  console.log(
    `change of ${changedCount} component(s), ${RUNS} runs, ${(
      tested / RUNS
    ).toFixed(0)} components tested on average`,
  );
  console.log(
    `  planPullRequest            ${percentiles(planning)}  (target < 20 ms)`,
  );
  console.log(`  generatePipelineSpec       ${percentiles(generation)}`);
  console.log(`  validateGeneratedPipeline  ${percentiles(validation)}`);
}

function main() {
  const entities = buildCatalog();
  const relations =
    entities.reduce((sum, e) => sum + e.relations.length, 0) / 2;
  console.log(
    `catalog: ${COMPONENTS} components, ${APIS} APIs, ${relations} relations (each stated from both sides)`,
  );
  const components = entities
    .filter(e => e.kind === 'Component')
    .map(e => {
      const name = e.ref.slice(e.ref.indexOf('/') + 1);
      return { ref: e.ref, name, appPath: `services/${name}` };
    });
  const tasks = loadTasks();
  measure(entities, components, tasks, 1);
  measure(entities, components, tasks, 5);
}

main();
