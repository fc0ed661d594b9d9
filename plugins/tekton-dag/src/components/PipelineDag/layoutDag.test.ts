import {
  buildPipelineDag,
  Dag,
  DagNode,
  PipelineSpec,
} from '@tekton-dag/plugin-tekton-dag-common';
import { testPipelineSpec } from '../../__testUtils__/FakeTektonDagApi';
import { DagLayout, DagNodeBox, layoutDag } from './layoutDag';

/** The shape of tekton/pipelines/pr-pipeline.yaml. */
const prPipeline: Dag = buildPipelineDag({
  tasks: [
    { name: 'clone', taskRef: { name: 'git-clone' } },
    { name: 'build', runAfter: ['clone'], taskRef: { name: 'build' } },
    { name: 'unit-tests', runAfter: ['build'], taskRef: { name: 'unit-test' } },
    {
      name: 'integration-tests',
      runAfter: ['unit-tests'],
      taskRef: { name: 'integration-test' },
    },
    {
      name: 'security-scan',
      runAfter: ['unit-tests'],
      taskRef: { name: 'security-scan' },
    },
    {
      name: 'deploy-preview',
      runAfter: ['integration-tests', 'security-scan'],
      when: [
        { input: '$(params.deploy-preview)', operator: 'in', values: ['true'] },
      ],
      taskRef: { name: 'deploy-preview' },
      params: [{ name: 'commit', value: '$(tasks.clone.results.commit)' }],
    },
  ],
  finally: [{ name: 'publish-results', taskRef: { name: 'publish-results' } }],
} as PipelineSpec);

const task = (name: string, extra: Partial<DagNode> = {}): DagNode => ({
  name,
  finally: false,
  conditional: false,
  ...extra,
});

/** Ten stages of fan-out and fan-in, with result edges that skip a stage, and finally tasks. */
function largeDag(): Dag {
  const nodes: DagNode[] = [];
  const edges: Dag['edges'] = [];
  const stages: string[][] = [];
  for (let s = 0; s < 10; s++) {
    const names = Array.from(
      { length: s === 0 ? 1 : 30 },
      (_, i) => `s${s}-t${i}`,
    );
    names.forEach((name, i) => {
      nodes.push(task(name));
      if (s === 0) return;
      const before = stages[s - 1];
      edges.push({
        from: before[i % before.length],
        to: name,
        kinds: ['runAfter'],
      });
      edges.push({
        from: before[(i * 7 + 3) % before.length],
        to: name,
        kinds: ['runAfter'],
      });
      if (s > 1 && i % 5 === 0) {
        edges.push({
          from: stages[s - 2][i % stages[s - 2].length],
          to: name,
          kinds: ['result'],
        });
      }
    });
    stages.push(names);
  }
  for (let i = 0; i < 3; i++) nodes.push(task(`final-${i}`, { finally: true }));
  edges.push({ from: 's9-t0', to: 'final-0', kinds: ['result'] });
  return { nodes, edges };
}

const boxOf = (layout: DagLayout, name: string): DagNodeBox => {
  const box = layout.nodes.find(b => b.name === name);
  if (!box) throw new Error(`no box for ${name}`);
  return box;
};

const overlap = (a: DagNodeBox, b: DagNodeBox) =>
  a.x < b.x + b.width &&
  b.x < a.x + a.width &&
  a.y < b.y + b.height &&
  b.y < a.y + a.height;

describe('layoutDag', () => {
  it.each([
    ['the PR pipeline', prPipeline],
    ['a 300-task pipeline', largeDag()],
  ])('gives the same layout every time for %s', (_, dag) => {
    const first = layoutDag(dag);
    expect(layoutDag(dag)).toEqual(first);
    expect(layoutDag(JSON.parse(JSON.stringify(dag)))).toEqual(first);
  });

  it.each([
    ['the PR pipeline', prPipeline],
    ['the test pipeline', buildPipelineDag(testPipelineSpec)],
    ['a 300-task pipeline', largeDag()],
  ])(
    'places every task right of all the tasks it waits for, in %s',
    (_, dag) => {
      const layout = layoutDag(dag);
      const mainEdges = dag.edges.filter(
        e => !dag.nodes.find(n => n.name === e.to)!.finally,
      );
      expect(mainEdges.length).toBeGreaterThan(0);
      for (const edge of mainEdges) {
        const from = boxOf(layout, edge.from);
        const to = boxOf(layout, edge.to);
        expect({ edge, right: to.x >= from.x + from.width }).toEqual({
          edge,
          right: true,
        });
      }
    },
  );

  it('gives one box per task, none overlapping, all inside the drawing', () => {
    const dag = largeDag();
    const layout = layoutDag(dag);
    expect(layout.nodes.map(b => b.name)).toEqual(dag.nodes.map(n => n.name));
    for (let i = 0; i < layout.nodes.length; i++) {
      const a = layout.nodes[i];
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (let j = i + 1; j < layout.nodes.length; j++) {
        if (overlap(a, layout.nodes[j])) {
          throw new Error(`${a.name} overlaps ${layout.nodes[j].name}`);
        }
      }
    }
  });

  it('puts finally tasks in their own lane after the other tasks', () => {
    const dag = largeDag();
    const layout = layoutDag(dag);
    const lane = layout.finallyLane!;
    expect(lane.label).toBe('finally');
    const main = layout.nodes.filter(b => !b.name.startsWith('final-'));
    const rightmost = Math.max(...main.map(b => b.x + b.width));
    expect(lane.x).toBeGreaterThan(rightmost);
    const finals = layout.nodes.filter(b => b.name.startsWith('final-'));
    expect(finals).toHaveLength(3);
    for (const box of finals) {
      expect(box.x).toBeGreaterThanOrEqual(lane.x);
      expect(box.x + box.width).toBeLessThanOrEqual(lane.x + lane.width);
      expect(box.y).toBeGreaterThanOrEqual(lane.y);
      expect(box.y + box.height).toBeLessThanOrEqual(lane.y + lane.height);
    }
    expect(new Set(finals.map(b => b.x)).size).toBe(1);
  });

  it('has no lane when the pipeline has no finally tasks', () => {
    const dag = buildPipelineDag({ ...testPipelineSpec, finally: [] });
    expect(layoutDag(dag).finallyLane).toBeUndefined();
  });

  it('routes every edge from its source box to its target box', () => {
    const dag = prPipeline;
    const layout = layoutDag(dag);
    expect(layout.edges.map(e => [e.from, e.to])).toEqual(
      dag.edges.map(e => [e.from, e.to]),
    );
    const within = (p: { x: number; y: number }, box: DagNodeBox) =>
      p.x >= box.x - 1 &&
      p.x <= box.x + box.width + 1 &&
      p.y >= box.y - 1 &&
      p.y <= box.y + box.height + 1;
    for (const edge of layout.edges) {
      expect(edge.points.length).toBeGreaterThanOrEqual(2);
      expect(within(edge.points[0], boxOf(layout, edge.from))).toBe(true);
      expect(within(edge.points.at(-1)!, boxOf(layout, edge.to))).toBe(true);
    }
  });

  it('lays out an empty pipeline and one with only finally tasks', () => {
    expect(layoutDag({ nodes: [], edges: [] })).toEqual({
      nodes: [],
      edges: [],
      finallyLane: undefined,
      width: 0,
      height: 0,
    });
    const onlyFinally = layoutDag({
      nodes: [task('report', { finally: true })],
      edges: [],
    });
    expect(onlyFinally.nodes).toHaveLength(1);
    expect(onlyFinally.finallyLane).toBeDefined();
    expect(onlyFinally.width).toBeGreaterThan(onlyFinally.nodes[0].width);
  });

  it('survives a cycle', () => {
    const layout = layoutDag({
      nodes: [task('a'), task('b')],
      edges: [
        { from: 'a', to: 'b', kinds: ['runAfter'] },
        { from: 'b', to: 'a', kinds: ['runAfter'] },
      ],
    });
    expect(layout.nodes).toHaveLength(2);
    expect(layout.edges).toHaveLength(2);
  });
});
