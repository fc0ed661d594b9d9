import { buildPipelineDag, dagLevels, findDagCycle } from './buildDag';

describe('buildPipelineDag', () => {
  const dag = buildPipelineDag({
    tasks: [
      { name: 'clone', taskRef: { name: 'git-clone' } },
      {
        name: 'test',
        taskRef: { name: 'unit-test' },
        params: [{ name: 'commit', value: '$(tasks.clone.results.commit)' }],
        matrix: {
          params: [{ name: 'node', value: ['20', '22', '24'] }],
          include: [{ name: 'extra' }],
        },
      },
      {
        name: 'deploy',
        runAfter: ['test', 'clone'],
        params: [{ name: 'c', value: '$(tasks.clone.results.commit)' }],
        when: [{ input: '$(params.deploy)', operator: 'in', values: ['true'] }],
        taskSpec: { steps: [{ image: 'alpine', script: 'true' }] },
      },
    ],
    finally: [{ name: 'report', taskRef: { name: 'publish' } }],
  });

  it('makes one node per task, finally tasks in their own lane', () => {
    expect(
      dag.nodes.map(n => [n.name, n.taskRef, n.finally, n.conditional]),
    ).toEqual([
      ['clone', 'git-clone', false, false],
      ['test', 'unit-test', false, false],
      ['deploy', undefined, false, true],
      ['report', 'publish', true, false],
    ]);
  });

  it('counts matrix combinations, including include entries', () => {
    expect(dag.nodes[1].matrix).toEqual({ params: ['node'], combinations: 4 });
  });

  it('merges runAfter and result-reference edges between the same tasks', () => {
    expect(dag.edges).toEqual([
      { from: 'clone', to: 'test', kinds: ['result'] },
      { from: 'test', to: 'deploy', kinds: ['runAfter'] },
      { from: 'clone', to: 'deploy', kinds: ['runAfter', 'result'] },
    ]);
    expect(dagLevels(dag)).toEqual([['clone'], ['test'], ['deploy']]);
  });

  it('finds cycles and refuses to level them', () => {
    const cyclic = buildPipelineDag({
      tasks: [
        { name: 'a', runAfter: ['b'] },
        { name: 'b', runAfter: ['a'] },
      ],
    });
    expect(findDagCycle(cyclic)).toEqual(['a', 'b', 'a']);
    expect(() => dagLevels(cyclic)).toThrow(
      'The pipeline has a cycle: a -> b -> a',
    );
  });
});
