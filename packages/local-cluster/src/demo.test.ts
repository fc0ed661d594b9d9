import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { kubectlFor } from './__testUtils__/kubectl';
import {
  DEFAULT_REPO_ROOT,
  LocalCluster,
  startLocalCluster,
} from './startLocalCluster';

jest.setTimeout(180_000);

/**
 * The demo, end to end with kubectl: the repository's pr-pipeline clones this checkout, builds
 * a component, runs its tests (writing JUnit) and succeeds; a failing test makes it fail.
 */
describe('pr-pipeline on the local cluster', () => {
  let cluster: LocalCluster;
  let kubectl: ReturnType<typeof kubectlFor>;
  let dir: string;
  const root = DEFAULT_REPO_ROOT;
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root })
    .toString()
    .trim();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-'));
    cluster = await startLocalCluster({
      kubeconfigPath: path.join(dir, 'kubeconfig'),
      executor: { enabled: true, workDir: path.join(dir, 'runs') },
    });
    kubectl = kubectlFor(cluster.kubeconfigPath);
    await kubectl(
      'apply',
      '-f',
      path.join(root, 'argocd/rbac/namespaces.yaml'),
    );
    await kubectl(
      'apply',
      '-n',
      'shop',
      '-f',
      path.join(root, 'tekton/tasks'),
      '-f',
      path.join(root, 'tekton/pipelines'),
    );
  });

  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function startRun(appPath: string, appName: string) {
    const manifest = path.join(dir, `${appName}.yaml`);
    fs.writeFileSync(
      manifest,
      `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata: { generateName: pr-pipeline-, namespace: shop }
spec:
  pipelineRef: { name: pr-pipeline }
  params:
    - { name: revision, value: ${commit} }
    - { name: app-path, value: ${appPath} }
    - { name: app-name, value: ${appName} }
  workspaces:
    - name: source
      volumeClaimTemplate:
        spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
`,
    );
    return (await kubectl('create', '-f', manifest, '-o', 'name')).trim();
  }

  const podOf = async (run: string, task: string) =>
    (
      await kubectl(
        'get',
        'pods',
        '-n',
        'shop',
        '-l',
        `tekton.dev/pipelineRun=${run},tekton.dev/pipelineTask=${task}`,
        '-o',
        'name',
      )
    ).trim();

  it('builds and tests shop-api and succeeds', async () => {
    const created = await startRun('examples/shop/shop-api', 'shop-api');
    const name = created.split('/')[1];
    await kubectl(
      'wait',
      created,
      '-n',
      'shop',
      '--for=condition=Succeeded',
      '--timeout=90s',
    );

    const run = JSON.parse(
      await kubectl('get', created, '-n', 'shop', '-o', 'json'),
    );
    expect(run.status.conditions[0]).toMatchObject({
      status: 'True',
      reason: 'Succeeded',
    });
    expect(run.status.results).toContainEqual({
      name: 'commit',
      value: commit,
    });
    expect(
      run.status.childReferences.map((c: any) => c.pipelineTaskName).sort(),
    ).toEqual([
      'build',
      'clone',
      'deploy-preview',
      'integration-tests',
      'publish-results',
      'security-scan',
      'unit-tests',
    ]);

    const unitLog = await kubectl(
      'logs',
      await podOf(name, 'unit-tests'),
      '-n',
      'shop',
      '-c',
      'step-test',
    );
    expect(unitLog).toMatch(/ℹ pass [1-9]\d*/);
    expect(unitLog).toContain('ℹ fail 0');
    expect(
      await kubectl(
        'logs',
        await podOf(name, 'clone'),
        '-n',
        'shop',
        '-c',
        'step-clone',
      ),
    ).toContain(`(${commit})`);
    expect(
      await kubectl(
        'logs',
        await podOf(name, 'unit-tests'),
        '-n',
        'shop',
        '-c',
        'step-test',
        '--tail=1',
      ),
    ).toMatch(/^junit-summary: \{"tests":\d+,"failures":0/);

    const junit = path.join(
      dir,
      'runs',
      'shop',
      name,
      'workspaces',
      'source',
      'reports',
      'unit-tests',
      'junit.xml',
    );
    expect(fs.readFileSync(junit, 'utf8')).toContain(
      '<testcase name="prices an order with VAT',
    );
  });

  it('fails when a unit test fails, naming the failing task', async () => {
    const created = await startRun(
      'packages/local-cluster/fixtures/failing-component',
      'failing-component',
    );
    const name = created.split('/')[1];
    await kubectl(
      'wait',
      created,
      '-n',
      'shop',
      '--for=jsonpath={.status.conditions[0].status}=False',
      '--timeout=90s',
    );

    const run = JSON.parse(
      await kubectl('get', created, '-n', 'shop', '-o', 'json'),
    );
    expect(run.status.conditions[0].reason).toBe('Failed');
    // Tekton's message counts tasks; the failing one is its TaskRun's (below).
    expect(run.status.conditions[0].message).toMatch(
      /^Tasks Completed: \d+ \(Failed: 1, Cancelled 0\), Skipped: \d+$/,
    );
    const taskRun = JSON.parse(
      await kubectl(
        'get',
        'taskrun',
        `${name}-unit-tests`,
        '-n',
        'shop',
        '-o',
        'json',
      ),
    );
    expect(taskRun.status.conditions[0]).toMatchObject({
      reason: 'Failed',
      message: '"step-test" exited with code 1',
    });
    expect(
      await kubectl(
        'logs',
        await podOf(name, 'unit-tests'),
        '-n',
        'shop',
        '-c',
        'step-test',
      ),
    ).toContain('applies a 25% discount');
    // The tests after it did not run; publish-results (finally) did.
    expect(run.status.skippedTasks.map((t: any) => t.name).sort()).toEqual([
      'deploy-preview',
      'integration-tests',
      'security-scan',
    ]);
    expect(
      JSON.parse(
        await kubectl(
          'get',
          'taskrun',
          `${name}-publish-results`,
          '-n',
          'shop',
          '-o',
          'json',
        ),
      ).status.conditions[0].reason,
    ).toBe('Succeeded');
  });

  it("follows a running step's log until the step ends, with timestamps on request", async () => {
    const manifest = path.join(dir, 'follow.yaml');
    fs.writeFileSync(
      manifest,
      JSON.stringify({
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: { name: 'follow', namespace: 'shop' },
        spec: {
          pipelineSpec: {
            tasks: [
              {
                name: 'talk',
                taskSpec: {
                  steps: [
                    {
                      name: 'run',
                      image: 'alpine',
                      script: 'echo first; sleep 1.5; echo second',
                    },
                  ],
                },
              },
            ],
          },
        },
      }),
    );
    await kubectl('create', '-f', manifest);
    await kubectl(
      'wait',
      'pod/follow-talk-pod',
      '-n',
      'shop',
      '--for=jsonpath={.status.phase}=Running',
      '--timeout=30s',
    );
    // -f returns only when the container has terminated, with everything it wrote.
    expect(
      await kubectl(
        'logs',
        '-f',
        'follow-talk-pod',
        '-n',
        'shop',
        '-c',
        'step-run',
      ),
    ).toBe('first\nsecond\n');
    const stamped = (
      await kubectl('logs', 'follow-talk-pod', '-n', 'shop', '--timestamps')
    )
      .trim()
      .split('\n');
    expect(stamped).toHaveLength(2);
    expect(stamped[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z first$/);
  });
});
