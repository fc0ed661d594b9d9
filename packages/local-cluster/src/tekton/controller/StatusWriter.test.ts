import { ObjectStore } from '../../apiserver/ObjectStore';
import { StatusWriter, tektonTypes } from './StatusWriter';

/** A store with namespace shop and Tekton's run kinds (their CRDs, as the cluster installs them). */
function storeWithTekton() {
  const store = new ObjectStore();
  store.create(store.findType('', 'v1', 'namespaces')!, undefined, {
    metadata: { name: 'shop' },
  });
  const crds = store.findType(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
  )!;
  for (const [kind, plural] of [
    ['PipelineRun', 'pipelineruns'],
    ['TaskRun', 'taskruns'],
  ]) {
    store.create(crds, undefined, {
      metadata: { name: `${plural}.tekton.dev` },
      spec: {
        group: 'tekton.dev',
        scope: 'Namespaced',
        names: { kind, plural },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { status: {} },
          },
        ],
      },
    });
  }
  return store;
}

describe('StatusWriter', () => {
  const store = storeWithTekton();
  const writer = new StatusWriter(store, tektonTypes(store));
  const { pipelineRuns, taskRuns } = writer.types;

  it("finishes a run with Tekton's Succeeded condition, keeping what its status had", () => {
    store.create(pipelineRuns, 'shop', { metadata: { name: 'r' }, spec: {} });
    writer.write(pipelineRuns, 'shop', 'r', status => ({
      ...status,
      startTime: '2026-01-01T00:00:00Z',
    }));
    writer.finishRun(
      { metadata: { namespace: 'shop', name: 'r' } },
      'False',
      'Failed',
      'Tasks Completed: 1 (Failed: 1, Cancelled 0), Skipped: 0',
      {
        childReferences: [],
      },
    );
    const { status } = store.get(pipelineRuns, 'shop', 'r');
    expect(status).toMatchObject({
      startTime: '2026-01-01T00:00:00Z',
      childReferences: [],
      conditions: [
        {
          type: 'Succeeded',
          status: 'False',
          reason: 'Failed',
          message: 'Tasks Completed: 1 (Failed: 1, Cancelled 0), Skipped: 0',
        },
      ],
    });
    expect(status.completionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('cancels a TaskRun through its spec, leaving its status to the executor', () => {
    store.create(taskRuns, 'shop', {
      metadata: { name: 't' },
      spec: { params: [] },
    });
    writer.write(taskRuns, 'shop', 't', () => ({ podName: 't-pod' }));
    writer.markTaskRunCancelled(
      'shop',
      't',
      'TaskRun cancelled as the PipelineRun it belongs to has timed out.',
    );
    const taskRun = store.get(taskRuns, 'shop', 't');
    expect(taskRun.spec).toEqual({
      params: [],
      status: 'TaskRunCancelled',
      statusMessage:
        'TaskRun cancelled as the PipelineRun it belongs to has timed out.',
    });
    expect(taskRun.status).toEqual({ podName: 't-pod' });
  });

  it('leaves an object deleted meanwhile alone', () => {
    expect(
      writer.write(taskRuns, 'shop', 'gone', () => ({ podName: 'x' })),
    ).toBeUndefined();
    expect(() =>
      writer.markTaskRunCancelled('shop', 'gone', 'x'),
    ).not.toThrow();
    expect(store.tryGet(taskRuns, 'shop', 'gone')).toBeUndefined();
  });
});
