import type { LocalCluster } from './startLocalCluster';

/**
 * Creates (in a test or benchmark) a Pipeline of one task with one script step, in a namespace
 * of the local cluster, creating the namespace when missing. A param named in `param` is
 * declared with its default and passed to the task, so the script can use `$(params.<name>)`.
 */
export function createScriptPipeline(
  cluster: Pick<LocalCluster, 'store'>,
  pipeline: {
    namespace: string;
    name: string;
    task: string;
    step: string;
    script: string;
    param?: { name: string; default: string };
  },
) {
  const { store } = cluster;
  const namespaces = store.findType('', 'v1', 'namespaces')!;
  if (!store.tryGet(namespaces, undefined, pipeline.namespace))
    store.create(namespaces, undefined, {
      metadata: { name: pipeline.namespace },
    });
  const { param } = pipeline;
  return store.create(
    store.findType('tekton.dev', 'v1', 'pipelines')!,
    pipeline.namespace,
    {
      metadata: { name: pipeline.name },
      spec: {
        ...(param && {
          params: [{ name: param.name, default: param.default }],
        }),
        tasks: [
          {
            name: pipeline.task,
            taskSpec: {
              ...(param && { params: [{ name: param.name }] }),
              steps: [
                {
                  name: pipeline.step,
                  image: 'alpine',
                  script: pipeline.script,
                },
              ],
            },
            ...(param && {
              params: [{ name: param.name, value: `$(params.${param.name})` }],
            }),
          },
        ],
      },
    },
  );
}
