import { useTemporaryCluster } from '../../__testUtils__/temporaryCluster';
import { contractOf, readTektonFixtures } from './contractOf';

jest.setTimeout(60_000);

/**
 * The local cluster against Tekton's contract: each fixture's PipelineRun (its embedded
 * Pipeline) runs on the local cluster, and what it writes must match what Tekton writes.
 */
describe('the local cluster writes PipelineRuns and TaskRuns as Tekton v1 does', () => {
  const local = useTemporaryCluster({ executor: true });
  const type = (plural: string) =>
    local.cluster.store.findType('tekton.dev', 'v1', plural)!;

  async function waitFor<T>(read: () => T | undefined, what: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = read();
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(resolve => setTimeout(resolve, 25));
    }
  }

  const isDone = (object: any) =>
    (object?.status?.conditions ?? []).some(
      (c: any) => c.type === 'Succeeded' && c.status !== 'Unknown',
    ) && !!object.status.completionTime;

  it.each(readTektonFixtures().map(f => [f.scenario, f]))(
    '%s',
    async (_scenario, fixture) => {
      const { metadata, spec } = fixture.pipelineRun;
      const cancelLater = spec.status === 'Cancelled';
      local.cluster.store.create(type('pipelineruns'), metadata.namespace, {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { name: metadata.name, labels: metadata.labels },
        spec: { ...spec, status: undefined },
      });
      if (cancelLater) {
        // Cancelled while its first task runs, as a person would.
        await waitFor(
          () =>
            local.cluster.store
              .list(type('taskruns'), {
                namespace: metadata.namespace,
                labelSelector: [],
                fieldSelector: [],
              })
              .items.find(
                (t: any) =>
                  t.metadata.labels?.['tekton.dev/pipelineRun'] ===
                    metadata.name &&
                  t.status?.steps?.some((s: any) => s.running),
              ),
          'a running step',
        );
        const current = local.cluster.store.get(
          type('pipelineruns'),
          metadata.namespace,
          metadata.name,
        );
        local.cluster.store.update(
          type('pipelineruns'),
          metadata.namespace,
          metadata.name,
          {
            ...current,
            spec: { ...current.spec, status: 'Cancelled' },
          },
        );
      }
      const finished = await waitFor(() => {
        const run = local.cluster.store.tryGet(
          type('pipelineruns'),
          metadata.namespace,
          metadata.name,
        );
        return isDone(run) ? run : undefined;
      }, `${metadata.name} to finish`);
      // TaskRuns end before their run; give the last status write a moment anyway.
      const taskRuns = await waitFor(() => {
        const mine = local.cluster.store
          .list(type('taskruns'), {
            namespace: metadata.namespace,
            labelSelector: [],
            fieldSelector: [],
          })
          .items.filter(
            (t: any) =>
              t.metadata.labels?.['tekton.dev/pipelineRun'] === metadata.name,
          );
        return mine.every(isDone) ? mine : undefined;
      }, `${metadata.name}'s TaskRuns to finish`);

      expect(contractOf(finished, taskRuns)).toEqual(
        contractOf(fixture.pipelineRun, fixture.taskRuns),
      );
    },
  );
});
