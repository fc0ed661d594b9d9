import {
  getEntityClusterName,
  getEntityParamValues,
  getEntityPipelineNames,
  getEntityPipelineNamespace,
  isTektonDagAvailable,
} from './annotations';

const entity = (annotations: Record<string, string>) => ({
  metadata: { annotations },
});

describe('entity annotations', () => {
  it('reads param values for the entity’s runs from tekton-dag/params', () => {
    expect(getEntityParamValues(entity({}))).toEqual({});
    expect(
      getEntityParamValues(
        entity({
          'tekton-dag/params':
            '{"app-path": "examples/shop/shop-web", "flags": ["--ci"], "labels": {"a": "b"}}',
        }),
      ),
    ).toEqual({
      'app-path': 'examples/shop/shop-web',
      flags: ['--ci'],
      labels: { a: 'b' },
    });
    expect(() =>
      getEntityParamValues(entity({ 'tekton-dag/params': 'app-path=x' })),
    ).toThrow(/tekton-dag\/params annotation is not JSON/);
    expect(() =>
      getEntityParamValues(entity({ 'tekton-dag/params': '["x"]' })),
    ).toThrow(/must be a JSON object/);
    expect(() =>
      getEntityParamValues(entity({ 'tekton-dag/params': '{"n": 3}' })),
    ).toThrow(/"n" must be a string, an array of strings or an object/);
  });

  it('reads the pipeline list, trimmed and without duplicates', () => {
    expect(
      getEntityPipelineNames(
        entity({
          'tekton-dag/pipelines': ' pr-pipeline, nightly ,,pr-pipeline',
        }),
      ),
    ).toEqual(['pr-pipeline', 'nightly']);
    expect(
      isTektonDagAvailable(entity({ 'tekton-dag/pipelines': ' , ' })),
    ).toBe(false);
    expect(isTektonDagAvailable({ metadata: {} })).toBe(false);
  });

  it('falls back from tekton-dag/namespace to the Kubernetes namespace to default', () => {
    expect(
      getEntityPipelineNamespace(
        entity({
          'tekton-dag/namespace': 'shop',
          'backstage.io/kubernetes-namespace': 'k',
        }),
      ),
    ).toBe('shop');
    expect(
      getEntityPipelineNamespace(
        entity({ 'backstage.io/kubernetes-namespace': 'k' }),
      ),
    ).toBe('k');
    expect(getEntityPipelineNamespace(entity({}))).toBe('default');
  });

  it('leaves the cluster undefined when not annotated', () => {
    expect(
      getEntityClusterName(entity({ 'tekton-dag/cluster': 'local' })),
    ).toBe('local');
    expect(getEntityClusterName(entity({}))).toBeUndefined();
  });
});
