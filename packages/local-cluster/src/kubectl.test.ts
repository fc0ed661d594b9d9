import fs from 'fs';
import os from 'os';
import path from 'path';
import { kubectlFor } from './__testUtils__/kubectl';
import {
  DEFAULT_REPO_ROOT,
  LocalCluster,
  startLocalCluster,
} from './startLocalCluster';

jest.setTimeout(120_000);

describe('the local cluster, with kubectl as the client', () => {
  let cluster: LocalCluster;
  let kubectl: ReturnType<typeof kubectlFor>;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cluster-'));
    cluster = await startLocalCluster({
      kubeconfigPath: path.join(dir, 'kubeconfig'),
    });
    kubectl = kubectlFor(cluster.kubeconfigPath);
  });

  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a missing or wrong token with a 401 Status', async () => {
    const wrong = path.join(dir, 'wrong-kubeconfig');
    fs.writeFileSync(
      wrong,
      fs
        .readFileSync(cluster.kubeconfigPath, 'utf8')
        .replace(cluster.token, 'not-the-token'),
    );
    await expect(kubectlFor(wrong)('get', 'namespaces')).rejects.toThrow(
      /Unauthorized|provide credentials/,
    );
  });

  it("applies the repository's Tekton content and lists it", async () => {
    const root = DEFAULT_REPO_ROOT;
    await kubectl(
      'apply',
      '-f',
      path.join(root, 'argocd/rbac/namespaces.yaml'),
    );
    const applied = await kubectl(
      'apply',
      '-n',
      'shop',
      '-f',
      path.join(root, 'tekton/tasks'),
      '-f',
      path.join(root, 'tekton/pipelines'),
    );
    expect(applied).toContain('pipeline.tekton.dev/pr-pipeline created');
    expect(applied).toContain('task.tekton.dev/git-clone created');
    // A second apply changes nothing.
    expect(
      await kubectl(
        'apply',
        '-n',
        'shop',
        '-f',
        path.join(root, 'tekton/pipelines'),
      ),
    ).toContain('pr-pipeline unchanged');

    const names = await kubectl(
      'get',
      'pipelines,tasks',
      '-n',
      'shop',
      '-o',
      'name',
    );
    expect(names.trim().split('\n').sort()).toEqual([
      'pipeline.tekton.dev/pr-pipeline',
      'task.tekton.dev/build',
      'task.tekton.dev/deploy-preview',
      'task.tekton.dev/git-clone',
      'task.tekton.dev/integration-test',
      'task.tekton.dev/publish-results',
      'task.tekton.dev/security-scan',
      'task.tekton.dev/unit-test',
    ]);
  });

  it('creates with generateName, gets as JSON, patches, waits and deletes with cascade', async () => {
    const manifest = path.join(dir, 'run.yaml');
    fs.writeFileSync(
      manifest,
      [
        'apiVersion: tekton.dev/v1',
        'kind: PipelineRun',
        'metadata: { generateName: pr-pipeline-, namespace: shop, labels: { app: shop-api } }',
        'spec: { pipelineRef: { name: pr-pipeline } }',
      ].join('\n'),
    );
    const created = (
      await kubectl('create', '-f', manifest, '-o', 'name')
    ).trim();
    expect(created).toMatch(
      /^pipelinerun\.tekton\.dev\/pr-pipeline-[a-z0-9]{5}$/,
    );
    const name = created.split('/')[1];

    const run = JSON.parse(
      await kubectl('get', 'pipelineruns', '-n', 'shop', '-o', 'json'),
    );
    expect(run.items[0].metadata).toEqual(
      expect.objectContaining({
        name,
        generation: 1,
        uid: expect.any(String),
        creationTimestamp: expect.any(String),
      }),
    );

    // Cancel the way the portal does: a merge patch of spec.status.
    await kubectl(
      'patch',
      'pipelinerun',
      name,
      '-n',
      'shop',
      '--type',
      'merge',
      '-p',
      '{"spec":{"status":"Cancelled"}}',
    );
    const patched = JSON.parse(
      await kubectl('get', 'pipelinerun', name, '-n', 'shop', '-o', 'json'),
    );
    expect(patched.spec.status).toBe('Cancelled');
    expect(patched.metadata.generation).toBe(2);

    // Status is a subresource: only /status writes it, then `kubectl wait` sees the condition.
    const type = cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!;
    cluster.store.update(
      type,
      'shop',
      name,
      {
        ...patched,
        status: {
          conditions: [
            { type: 'Succeeded', status: 'False', reason: 'Cancelled' },
          ],
        },
      },
      'status',
    );
    expect(
      await kubectl(
        'wait',
        `pipelinerun/${name}`,
        '-n',
        'shop',
        '--for=jsonpath={.status.conditions[0].reason}=Cancelled',
        '--timeout=10s',
      ),
    ).toContain('condition met');

    // Children owned by the run go with it.
    const taskRuns = cluster.store.findType('tekton.dev', 'v1', 'taskruns')!;
    const pods = cluster.store.findType('', 'v1', 'pods')!;
    const owner = (o: any) => [
      {
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.metadata.name,
        uid: o.metadata.uid,
        controller: true,
      },
    ];
    const taskRun = cluster.store.create(taskRuns, 'shop', {
      metadata: { name: `${name}-clone`, ownerReferences: owner(patched) },
      spec: {},
    });
    cluster.store.create(pods, 'shop', {
      metadata: { name: `${name}-clone-pod`, ownerReferences: owner(taskRun) },
      spec: { containers: [] },
    });
    expect(
      await kubectl('delete', 'pipelinerun', name, '-n', 'shop'),
    ).toContain('deleted');
    expect(
      await kubectl('get', 'taskruns,pods', '-n', 'shop', '-o', 'name'),
    ).toBe('');
  });

  it('selects by label and field, and pages with limit and continue', async () => {
    for (const [name, app] of [
      ['a', 'web'],
      ['b', 'api'],
      ['c', 'api'],
    ]) {
      const file = path.join(dir, `${name}.json`);
      const configMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'shop', labels: { app } },
        data: {},
      };
      fs.writeFileSync(file, JSON.stringify(configMap));
      await kubectl('create', '-f', file);
    }
    expect(
      (await kubectl('get', 'cm', '-n', 'shop', '-l', 'app=api', '-o', 'name'))
        .trim()
        .split('\n'),
    ).toEqual(['configmap/b', 'configmap/c']);
    expect(
      (
        await kubectl(
          'get',
          'cm',
          '-n',
          'shop',
          '-l',
          'app in (web),app!=api',
          '-o',
          'name',
        )
      ).trim(),
    ).toBe('configmap/a');
    expect(
      (
        await kubectl(
          'get',
          'cm',
          '-A',
          '--field-selector',
          'metadata.name=b',
          '-o',
          'name',
        )
      ).trim(),
    ).toBe('configmap/b');
    // --chunk-size makes kubectl page with limit and continue.
    expect(
      (await kubectl('get', 'cm', '-n', 'shop', '--chunk-size=1', '-o', 'name'))
        .trim()
        .split('\n'),
    ).toEqual(['configmap/a', 'configmap/b', 'configmap/c']);
  });

  it("prints tables with the CRDs' printer columns, as kubectl get does against Tekton", async () => {
    const runs = cluster.store.findType('tekton.dev', 'v1', 'pipelineruns')!;
    const created = cluster.store.create(runs, 'shop', {
      metadata: { name: 'printed' },
      spec: {},
    });
    cluster.store.update(
      runs,
      'shop',
      'printed',
      {
        ...created,
        status: {
          conditions: [
            { type: 'Succeeded', status: 'False', reason: 'Cancelled' },
          ],
        },
      },
      'status',
    );
    const table = await kubectl('get', 'pipelinerun', 'printed', '-n', 'shop');
    expect(table.split('\n')[0].split(/\s+/)).toEqual([
      'NAME',
      'SUCCEEDED',
      'REASON',
      'STARTTIME',
      'COMPLETIONTIME',
    ]);
    expect(table.split('\n')[1].split(/\s+/).slice(0, 3)).toEqual([
      'printed',
      'False',
      'Cancelled',
    ]);
  });

  describe('schemas: kubectl explain and server-side field validation', () => {
    it('explains built-in kinds and custom resources from the served OpenAPI v3 schemas', async () => {
      const pipelineRunSpec = await kubectl('explain', 'pipelinerun.spec');
      expect(pipelineRunSpec).toContain('KIND:       PipelineRun');
      for (const field of ['pipelineRef', 'params', 'timeouts', 'workspaces'])
        expect(pipelineRunSpec).toMatch(new RegExp(`^  ${field}\\s`, 'm'));
      expect(await kubectl('explain', 'pod.spec.containers.command')).toMatch(
        /FIELD: command <\[\]string>/,
      );
      expect(
        await kubectl('explain', 'deployment.spec.template.metadata.labels'),
      ).toContain('FIELD: labels <map[string]string>');
      expect(await kubectl('explain', 'application.spec')).toMatch(
        /^ {2}syncPolicy\s+<Object>/m,
      );
    });

    it("refuses unknown fields of a strict apply with the API server's message, and warns otherwise", async () => {
      const typo = path.join(dir, 'typo.yaml');
      fs.writeFileSync(
        typo,
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata: {name: typo, namespace: shop, lables: {a: b}}',
          'daata: {x: "1"}',
          '---',
          'apiVersion: tekton.dev/v1',
          'kind: Pipeline',
          'metadata: {name: typo, namespace: shop}',
          'spex: {tasks: []}',
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata: {name: typo, namespace: shop}',
          'spec: {containers: [{name: a, imagee: busybox, args: ["true"]}]}',
        ].join('\n'),
      );
      // kubectl's default is --validate=strict.
      const refused = await kubectl('apply', '-f', typo).catch(
        (error: Error) => error.message,
      );
      expect(refused).toContain(
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "daata", unknown field "metadata.lables"',
      );
      expect(refused).toContain(
        'Pipeline in version "v1" cannot be handled as a Pipeline: strict decoding error: unknown field "spex"',
      );
      expect(refused).toContain(
        'strict decoding error: unknown field "spec.containers[0].imagee"',
      );
      await expect(
        kubectl('get', 'configmap', 'typo', '-n', 'shop'),
      ).rejects.toThrow(/NotFound/);

      // Fields Tekton validates itself (inside spec) are kept, as its CRDs say.
      const kept = path.join(dir, 'kept.yaml');
      fs.writeFileSync(
        kept,
        'apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata: {name: kept, namespace: shop}\nspec: {tasks: [], someFutureField: 1}\n',
      );
      await kubectl('apply', '-f', kept);
      expect(
        JSON.parse(
          await kubectl('get', 'pipeline', 'kept', '-n', 'shop', '-o', 'json'),
        ).spec.someFutureField,
      ).toBe(1);
    });
  });

  describe("kubectl's typed create commands (protobuf bodies)", () => {
    const get = async (...args: string[]) =>
      JSON.parse(await kubectl('get', ...args, '-o', 'json'));

    it('creates namespaces, secrets, config maps and service accounts', async () => {
      expect(await kubectl('create', 'namespace', 'fid')).toContain(
        'namespace/fid created',
      );
      expect((await get('namespace', 'fid')).status.phase).toBe('Active');

      await kubectl(
        'create',
        'secret',
        'generic',
        'db',
        '-n',
        'fid',
        '--from-literal=password=hunter2',
        '--from-literal=user=me',
      );
      const secret = await get('secret', 'db', '-n', 'fid');
      expect(secret).toMatchObject({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name: 'db', namespace: 'fid' },
      });
      expect(
        Object.fromEntries(
          Object.entries(secret.data).map(([k, v]) => [
            k,
            Buffer.from(v as string, 'base64').toString(),
          ]),
        ),
      ).toEqual({ password: 'hunter2', user: 'me' });

      await kubectl(
        'create',
        'configmap',
        'settings',
        '-n',
        'fid',
        '--from-literal=mode=fast',
        '--from-literal=note=a: b # c',
        '--from-literal=empty=',
      );
      expect((await get('configmap', 'settings', '-n', 'fid')).data).toEqual({
        mode: 'fast',
        note: 'a: b # c',
        empty: '',
      });

      await kubectl('create', 'serviceaccount', 'builder', '-n', 'fid');
      expect(
        (await get('serviceaccount', 'builder', '-n', 'fid')).metadata,
      ).toMatchObject({ name: 'builder', namespace: 'fid' });
    });

    it('creates roles, role bindings, services and deployments', async () => {
      await kubectl(
        'create',
        'role',
        'reader',
        '-n',
        'fid',
        '--verb=get,list',
        '--resource=pods,pipelineruns.tekton.dev',
      );
      expect((await get('role', 'reader', '-n', 'fid')).rules).toEqual([
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
        {
          apiGroups: ['tekton.dev'],
          resources: ['pipelineruns'],
          verbs: ['get', 'list'],
        },
      ]);
      await kubectl(
        'create',
        'rolebinding',
        'builder-reads',
        '-n',
        'fid',
        '--role=reader',
        '--serviceaccount=fid:builder',
      );
      const binding = await get('rolebinding', 'builder-reads', '-n', 'fid');
      expect(binding.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'reader',
      });
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'builder', namespace: 'fid' },
      ]);

      await kubectl(
        'create',
        'service',
        'clusterip',
        'web',
        '-n',
        'fid',
        '--tcp=80:8080',
      );
      expect((await get('service', 'web', '-n', 'fid')).spec).toEqual({
        type: 'ClusterIP',
        selector: { app: 'web' },
        ports: [
          { name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 },
        ],
      });

      await kubectl(
        'create',
        'deployment',
        'web',
        '-n',
        'fid',
        '--image=nginx',
        '--replicas=0',
      );
      const deployment = await get('deployment', 'web', '-n', 'fid');
      expect(deployment.spec).toMatchObject({
        replicas: 0, // a pointer in Go: its zero is kept
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      });
      // Go's zero values of plain fields are not made up into JSON.
      expect(deployment.spec.template.spec.containers[0].stdin).toBeUndefined();
    });

    it('refuses a protobuf body of a kind it cannot decode, saying what to do', async () => {
      await expect(
        kubectl(
          'create',
          'poddisruptionbudget',
          'web',
          '-n',
          'fid',
          '--selector=app=web',
          '--min-available=1',
        ),
      ).rejects.toThrow(
        /reads protobuf bodies of Namespace, .* only, not PodDisruptionBudget \(policy\/v1\): write the object to a file and use kubectl apply -f or create -f/,
      );
    });
  });

  it('answers errors as Status objects with the right codes', async () => {
    await expect(
      kubectl('get', 'pipeline', 'nope', '-n', 'shop'),
    ).rejects.toThrow(/NotFound.*"nope" not found/);
    await expect(
      kubectl('create', '-f', path.join(dir, 'a.json')),
    ).rejects.toThrow(/AlreadyExists/);
    const invalid = path.join(dir, 'invalid.json');
    fs.writeFileSync(
      invalid,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'Not_Valid', namespace: 'shop' },
      }),
    );
    await expect(kubectl('create', '-f', invalid)).rejects.toThrow(
      /The ConfigMap "Not_Valid" is invalid/,
    );
  });
});
