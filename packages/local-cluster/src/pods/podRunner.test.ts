import fs from 'fs';
import path from 'path';
import { execFileSync } from 'child_process';
import { kubectlFor } from '../__testUtils__/kubectl';
import { useTemporaryCluster } from '../__testUtils__/temporaryCluster';

jest.setTimeout(60_000);

describe('Pods made outside Tekton, with kubectl as the client', () => {
  const local = useTemporaryCluster({ executor: true });
  let kubectl: ReturnType<typeof kubectlFor>;

  const pod = async (name: string) =>
    JSON.parse(await kubectl('get', 'pod', name, '-n', 'fid', '-o', 'json'));

  async function waitForPhase(name: string, phases: string[]) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const current = await pod(name);
      if (phases.includes(current.status?.phase)) return current;
      if (Date.now() > deadline)
        throw new Error(
          `pod ${name} is ${current.status?.phase}, not ${phases.join(' or ')}`,
        );
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    kubectl = kubectlFor(local.cluster.kubeconfigPath);
    await kubectl('create', 'namespace', 'fid');
  });

  it("runs kubectl run's command as a local process, with phase, container state and logs", async () => {
    await kubectl(
      'run',
      'hello',
      '-n',
      'fid',
      '--image=busybox',
      '--restart=Never',
      '--env=WHO=pods',
      '--',
      'sh',
      '-c',
      'echo "hello from $WHO"; echo warning >&2',
    );
    const done = await waitForPhase('hello', ['Succeeded', 'Failed']);
    expect(done.status.phase).toBe('Succeeded');
    expect(done.status.containerStatuses).toEqual([
      expect.objectContaining({
        name: 'hello',
        image: 'busybox',
        state: {
          terminated: expect.objectContaining({
            exitCode: 0,
            reason: 'Completed',
          }),
        },
      }),
    ]);
    expect(await kubectl('logs', 'hello', '-n', 'fid')).toBe(
      'hello from pods\nwarning\n',
    );
    expect(await kubectl('get', 'pods', '-n', 'fid')).toMatch(
      /hello\s+Succeeded/,
    );
  });

  it('fails the Pod with the exit code of a failing command', async () => {
    await kubectl(
      'run',
      'failing',
      '-n',
      'fid',
      '--image=busybox',
      '--restart=Never',
      '--command',
      '--',
      'sh',
      '-c',
      'exit 3',
    );
    const done = await waitForPhase('failing', ['Succeeded', 'Failed']);
    expect(done.status.phase).toBe('Failed');
    expect(done.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 3,
      reason: 'Error',
    });
  });

  it("refuses at once, with the reason, a container that only has its image's entrypoint", async () => {
    await kubectl('run', 'web', '-n', 'fid', '--image=nginx');
    const done = await waitForPhase('web', ['Failed']);
    expect(done.status.reason).toBe('CannotRunLocally');
    expect(done.status.message).toBe(
      "container web has no command or args: the local cluster runs them as a local process and cannot run the image's own entrypoint (nginx); give the command, e.g. kubectl run NAME --image=IMAGE -- sh -c '...'",
    );
  });

  it('stops the processes of a Pod that is deleted while running', async () => {
    const marker = `pod-runner-test-${process.pid}-${Date.now()}`;
    await kubectl(
      'run',
      'sleeper',
      '-n',
      'fid',
      '--image=busybox',
      '--',
      'sh',
      '-c',
      `sleep 60 && echo ${marker}`,
    );
    const running = await waitForPhase('sleeper', ['Running']);
    expect(running.status.containerStatuses[0].state.running).toBeDefined();
    const alive = () => {
      try {
        execFileSync('pgrep', ['-f', marker]);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 5_000;
    while (!alive() && Date.now() < deadline)
      await new Promise(resolve => setTimeout(resolve, 50));
    expect(alive()).toBe(true);
    await kubectl('delete', 'pod', 'sleeper', '-n', 'fid', '--wait=false');
    const gone = Date.now() + 5_000;
    while (alive() && Date.now() < gone)
      await new Promise(resolve => setTimeout(resolve, 50));
    expect(alive()).toBe(false);
  });

  it("leaves Tekton's own Pods to the executor", async () => {
    // A Pod labelled as a TaskRun's is the executor's to run and report: never run twice.
    const manifest = path.join(local.dir, 'taskrun-pod.json');
    fs.writeFileSync(
      manifest,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'some-taskrun-pod',
          namespace: 'fid',
          labels: { 'tekton.dev/taskRun': 'some-taskrun' },
        },
        spec: {
          containers: [{ name: 'step-x', image: 'alpine', args: ['true'] }],
        },
      }),
    );
    await kubectl('create', '-f', manifest);
    await new Promise(resolve => setTimeout(resolve, 500));
    expect((await pod('some-taskrun-pod')).status?.phase).toBeUndefined();
  });
});
