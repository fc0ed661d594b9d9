import { buildPipelineRun } from './buildPipelineRun';

describe('buildPipelineRun', () => {
  it('builds a run of a pipeline for an entity, binding required workspaces', () => {
    const run = buildPipelineRun({
      pipeline: 'pr-pipeline',
      namespace: 'shop',
      params: [{ name: 'revision', value: 'main' }],
      workspaces: [{ name: 'source' }, { name: 'cache', optional: true }],
      entityRef: 'component:default/shop-api',
      trigger: 'portal',
      triggeredBy: 'user:default/guest',
    });
    expect(run).toEqual({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: {
        generateName: 'pr-pipeline-',
        namespace: 'shop',
        labels: {
          'tekton.dev/pipeline': 'pr-pipeline',
          'tekton-dag.io/entity': 'component.default.shop-api',
          'tekton-dag.io/trigger': 'portal',
        },
        annotations: {
          'tekton-dag.io/entity-ref': 'component:default/shop-api',
          'tekton-dag.io/triggered-by': 'user:default/guest',
        },
      },
      spec: {
        pipelineRef: { name: 'pr-pipeline' },
        params: [{ name: 'revision', value: 'main' }],
        workspaces: [
          {
            name: 'source',
            volumeClaimTemplate: {
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: '1Gi' } },
              },
            },
          },
        ],
      },
    });
  });

  it('keeps values as data: quotes, newlines and $(...) cannot change the structure', () => {
    const tricky = 'main"\n  - name: injected\n    value: $(params.x)';
    const run: any = buildPipelineRun({
      pipeline: 'p',
      namespace: 'n',
      params: [{ name: 'revision', value: tricky }],
      entityRef: 'component:default/a',
      trigger: 'rerun',
      workspaceBinding: { emptyDir: {} },
      workspaces: [{ name: 'w' }],
    });
    expect(run.spec.params).toEqual([{ name: 'revision', value: tricky }]);
    expect(run.spec.workspaces).toEqual([{ name: 'w', emptyDir: {} }]);
  });
});
