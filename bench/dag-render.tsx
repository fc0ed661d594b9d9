/* eslint-disable no-console */
/**
 * Pipeline DAG rendering benchmark: a synthetic 300-task pipeline (ten stages of fan-out and
 * fan-in, result edges, a matrix task, finally tasks) through `layoutDag` and `PipelineDag`
 * in jsdom. Prints median and p95 of the layout, of layout plus first render, and of the
 * re-render after one task's status changes, next to their targets.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/dag-render.tsx [--dev] [--runs N]
 *
 * React runs in production mode, as in the portal; `--dev` measures its development build.
 *
 * This file is plain JavaScript (no JSX, no type annotations) on purpose: the CLI's node
 * transform compiles only `.ts` files, so Node reads this one as JavaScript. It registers a
 * `.tsx` compiler for the component files it loads, which it cannot use on itself.
 */
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');

addHook(
  (code, filename) =>
    transformSync(code, {
      filename,
      module: { type: 'commonjs' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
      },
    }).code,
  { extensions: ['.tsx'], ignoreNodeModules: true },
);

const args = process.argv.slice(2);
const development = args.includes('--dev');
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 20;
/** Runs before the measured ones, while V8 compiles the code paths; the first is printed. */
const WARMUP = 3;

// The DOM must exist before React and Material UI load.
process.env.NODE_ENV = development ? 'development' : 'production';
const { JSDOM } = require('jsdom');
const dom = new JSDOM(
  '<!doctype html><html><head></head><body></body></html>',
  {
    pretendToBeVisual: true,
  },
);
global.window = dom.window;
global.document = dom.window.document;
Object.defineProperty(global, 'navigator', {
  value: dom.window.navigator,
  configurable: true,
});
for (const name of [
  'Node',
  'Element',
  'HTMLElement',
  'SVGElement',
  'Event',
  'KeyboardEvent',
  'MouseEvent',
  'getComputedStyle',
  'requestAnimationFrame',
  'cancelAnimationFrame',
]) {
  if (global[name] === undefined) global[name] = dom.window[name];
}

const React = require('react');
const { createRoot } = require('react-dom/client');
const { flushSync } = require('react-dom');
const {
  PipelineDag,
  layoutDag,
} = require('../plugins/tekton-dag/src/components/PipelineDag');

/**
 * The Backstage light theme when `@backstage/theme` loads here; it is ESM-only, which the node
 * transform cannot always require, and then Material UI's default light theme stands in.
 */
function themeProvider() {
  try {
    const { UnifiedThemeProvider, themes } = require('@backstage/theme');
    return {
      name: '@backstage/theme themes.light (UnifiedThemeProvider)',
      wrap: child =>
        React.createElement(
          UnifiedThemeProvider,
          { theme: themes.light },
          child,
        ),
    };
  } catch (error) {
    const { ThemeProvider, createTheme } = require('@material-ui/core/styles');
    const theme = createTheme({ palette: { type: 'light' } });
    return {
      name: `Material UI v4 createTheme() light; @backstage/theme did not load (${
        error.code ?? error.name
      })`,
      wrap: child => React.createElement(ThemeProvider, { theme }, child),
    };
  }
}

/** A deterministic pseudo-random sequence, so that every run measures the same pipeline. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

const TASKS = 300;
const STAGES = 10;
const FINALLY = 5;
const MATRIX_TASK = 's4-t0';
const MATRIX_SIZE = 6;

/** Ten stages: two source tasks, then wide stages, each waiting on the one before. */
function syntheticDag() {
  const next = random(42);
  const nodes = [];
  const edges = [];
  const stages = [];
  const regular = TASKS - FINALLY;
  const wide = Math.floor((regular - 2) / (STAGES - 1));
  for (let s = 0; s < STAGES; s++) {
    let count = wide;
    if (s === 0) count = 2;
    else if (s === STAGES - 1) count = regular - 2 - wide * (STAGES - 2);
    const names = [];
    for (let i = 0; i < count; i++) {
      const name = `s${s}-t${i}`;
      names.push(name);
      nodes.push({
        name,
        taskRef: `task-${i % 12}`,
        finally: false,
        conditional: next() < 0.1,
        matrix:
          name === MATRIX_TASK
            ? { params: ['platform'], combinations: MATRIX_SIZE }
            : undefined,
      });
      if (s === 0) continue;
      const before = stages[s - 1];
      // A gate task per stage waits for many (fan-in); the others for one to three.
      const waits = Math.min(
        before.length,
        i === 0 ? 8 : 1 + Math.floor(next() * 3),
      );
      const from = new Set();
      while (from.size < waits) {
        from.add(before[Math.floor(next() * before.length)]);
      }
      for (const f of from) {
        edges.push({
          from: f,
          to: name,
          kinds: next() < 0.15 ? ['runAfter', 'result'] : ['runAfter'],
        });
      }
      if (s > 1 && next() < 0.1) {
        const earlier = stages[s - 2];
        edges.push({
          from: earlier[Math.floor(next() * earlier.length)],
          to: name,
          kinds: ['result'],
        });
      }
    }
    stages.push(names);
  }
  for (let i = 0; i < FINALLY; i++) {
    nodes.push({ name: `finally-${i}`, finally: true, conditional: false });
  }
  edges.push({
    from: stages[STAGES - 1][0],
    to: 'finally-0',
    kinds: ['result'],
  });
  return { nodes, edges };
}

const START = Date.UTC(2026, 10, 24, 8, 0);
const NOW = new Date(START + 30 * 60_000);

/** A run in progress: early stages done (a few failed), the middle running, the rest pending. */
function runOf(dag) {
  const next = random(7);
  const taskRuns = [];
  const skippedTasks = [];
  for (const node of dag.nodes) {
    const stage = node.finally
      ? STAGES
      : Number(node.name.split('-')[0].slice(1));
    if (node.conditional && next() < 0.3) {
      skippedTasks.push({
        name: node.name,
        reason: 'When Expressions evaluated to false',
      });
      continue;
    }
    let status = 'Succeeded';
    if (stage >= 7) status = 'Pending';
    else if (stage >= 5) status = 'Running';
    else if (next() < 0.05) status = 'Failed';
    const copies = node.name === MATRIX_TASK ? MATRIX_SIZE : 1;
    for (let c = 0; c < copies; c++) {
      const started = START + stage * 3 * 60_000 + Math.floor(next() * 60_000);
      const finished = status === 'Succeeded' || status === 'Failed';
      taskRuns.push({
        name: `run-${node.name}-${c}`,
        pipelineTask: node.name,
        status,
        startedAt:
          status === 'Pending' ? undefined : new Date(started).toISOString(),
        completedAt: finished
          ? new Date(started + 65_000 + next() * 120_000).toISOString()
          : undefined,
        steps: [],
        results: {},
      });
    }
  }
  return { taskRuns, skippedTasks };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** Median and p95 of the measured runs, and the first (cold) warm-up run. */
function report(name, times, target) {
  const ms = value => `${value.toFixed(1).padStart(6)} ms`;
  const measured = times.slice(WARMUP);
  console.log(
    `${name.padEnd(36)} median ${ms(percentile(measured, 50))}   p95 ${ms(
      percentile(measured, 95),
    )}   cold ${ms(times[0])}${target ? `   target ${target}` : ''}`,
  );
}

function main() {
  const dag = syntheticDag();
  const { taskRuns, skippedTasks } = runOf(dag);
  const fresh = () => JSON.parse(JSON.stringify(dag));
  const theme = themeProvider();
  console.log(
    `${dag.nodes.length} tasks (${FINALLY} finally, a ${MATRIX_SIZE}-way matrix), ` +
      `${dag.edges.length} edges, ${taskRuns.length} TaskRuns, ${skippedTasks.length} skipped; ` +
      `React ${process.env.NODE_ENV} build in jsdom; ${RUNS} runs each after ${WARMUP} warm-up runs`,
  );
  console.log(`Theme: ${theme.name}`);

  const layoutTimes = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const input = fresh();
    const start = performance.now();
    layoutDag(input);
    layoutTimes.push(performance.now() - start);
  }

  const view = (input, runs) =>
    theme.wrap(
      React.createElement(PipelineDag, {
        dag: input,
        taskRuns: runs,
        skippedTasks,
        now: NOW,
        selectedTask: 's3-t1',
      }),
    );

  // Each mount lays a new copy of the graph out, as a page showing a run does.
  const firstRenderTimes = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const container = document.createElement('div');
    document.body.appendChild(container);
    const root = createRoot(container);
    const input = fresh();
    const start = performance.now();
    flushSync(() => root.render(view(input, taskRuns)));
    firstRenderTimes.push(performance.now() - start);
    const drawn = container.querySelectorAll('[role="button"][data-status]');
    if (drawn.length !== dag.nodes.length) {
      throw new Error(`drew ${drawn.length} of ${dag.nodes.length} tasks`);
    }
    root.unmount();
    container.remove();
  }

  // One mounted graph; each step finishes one running task, as a status update does.
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  const input = fresh();
  let current = taskRuns;
  flushSync(() => root.render(view(input, current)));
  const running = current.filter(
    r => r.status === 'Running' && r.pipelineTask !== MATRIX_TASK,
  );
  const rerenderTimes = [];
  for (let i = 0; i < Math.min(WARMUP + RUNS, running.length); i++) {
    const target = running[i];
    current = current.map(r =>
      r === target
        ? { ...r, status: 'Succeeded', completedAt: NOW.toISOString() }
        : r,
    );
    const start = performance.now();
    flushSync(() => root.render(view(input, current)));
    rerenderTimes.push(performance.now() - start);
    const box = container.querySelector(
      `[data-testid="dag-node-${target.pipelineTask}"]`,
    );
    if (box?.getAttribute('data-status') !== 'Succeeded') {
      throw new Error(`${target.pipelineTask} did not turn Succeeded`);
    }
  }
  root.unmount();

  report('layoutDag', layoutTimes);
  report('layout + first render', firstRenderTimes, '< 150 ms');
  report('re-render after one status change', rerenderTimes, '< 16 ms');
  dom.window.close();
}

main();
