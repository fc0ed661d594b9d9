import fs from 'fs';
import path from 'path';
import { randomBytes } from 'crypto';
import { ApiServer } from './apiserver/ApiServer';
import { renderKubeconfig } from './apiserver/kubeconfig';
import { ObjectStore } from './apiserver/ObjectStore';
import { loadOrCreateServingCertificate } from './apiserver/tls';
import { LogStore } from './tekton/LogStore';
import { PipelineRunController } from './tekton/PipelineRunController';
import { PodRunner } from './pods/PodRunner';
import { ApplicationSyncer } from './argocd/ApplicationSyncer';
import { readManifests } from './argocd/manifests';

/** The URLs the example pipelines clone; steps are pointed at the local checkout instead. */
export const DEFAULT_REPOSITORY_URLS = [
  'https://github.com/tekton-dag/tekton-dag.git',
  'https://github.com/tekton-dag/tekton-dag',
];

/** Git's own URL rewriting, through the environment, so `git clone <url>` reads the checkout. */
function gitRedirectEnv(
  repoRoot: string,
  urls: string[],
): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(urls.length) };
  urls.forEach((url, i) => {
    env[`GIT_CONFIG_KEY_${i}`] = `url.${repoRoot}.insteadOf`;
    env[`GIT_CONFIG_VALUE_${i}`] = url;
  });
  return env;
}

function isContainerRunning(
  store: ObjectStore,
  namespace: string,
  pod: string,
  container: string,
) {
  const object = store.tryGet(
    store.findType('', 'v1', 'pods')!,
    namespace,
    pod,
  );
  if (!object || ['Succeeded', 'Failed'].includes(object.status?.phase))
    return false;
  const status = (object.status?.containerStatuses ?? []).find(
    (c: any) => c.name === container,
  );
  return !status?.state?.terminated;
}
import { ARGOCD_CRDS } from './apiserver/resourceTypes';
import { parseAllDocuments } from 'yaml';

/**
 * The repository this package lives in (the default for --repo-root): the nearest folder
 * above the current one that holds both tekton/ and argocd/.
 */
function findRepoRoot(from = process.cwd()): string {
  let dir = path.resolve(from);
  while (
    !(
      fs.existsSync(path.join(dir, 'tekton')) &&
      fs.existsSync(path.join(dir, 'argocd'))
    )
  ) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from);
    dir = parent;
  }
  return dir;
}

export const DEFAULT_REPO_ROOT = findRepoRoot();

export interface LocalClusterOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Folder that keeps the objects across restarts; none by default. */
  stateDir?: string;
  /** Where to write the kubeconfig; default `<repoRoot>/.local-cluster/kubeconfig`. */
  kubeconfigPath?: string;
  /** The bearer token clients must send; random by default. */
  token?: string;
  repoRoot?: string;
  /** How many changes watches can resume from before they get 410 Gone. */
  watchHistoryLimit?: number;
  bookmarkIntervalSeconds?: number;
  /**
   * The Tekton executor: runs PipelineRuns' steps as local processes. Off unless enabled
   * (the CLI enables it), because it runs the scripts of whatever is applied.
   */
  executor?: {
    enabled: boolean;
    /** Per-run folders; default `<stateDir or .local-cluster>/runs`. */
    workDir?: string;
    /**
     * Git URLs that mean "this repository": steps clone the local checkout instead. Default
     * the repository URL the examples use.
     */
    repositoryUrls?: string[];
  };
  /**
   * Argo CD's syncer: Applications whose source is this repository are synced from the
   * checkout. With `bootstrap`, the app of apps in argocd/bootstrap.yaml is applied at start,
   * so Tekton's Tasks and Pipelines arrive the GitOps way.
   */
  argocd?: {
    enabled: boolean;
    bootstrap?: boolean;
    selfHealDelayMs?: number;
  };
}

export interface LocalCluster {
  url: string;
  token: string;
  kubeconfigPath: string;
  /** PEM of the API server's self-signed certificate, the CA for clients. */
  caCertificate: string;
  store: ObjectStore;
  /** Container logs of the pods the executor ran. */
  logs: LogStore;
  /** Ends all watches and forgets the change history, so informers get 410 Gone and relist. */
  expireWatches(): void;
  /**
   * Restarts the API server alone (objects, controllers and running steps carry on): every
   * connection is cut, nothing answers for `downMs`, then it listens on the same port again.
   */
  restartApiServer(downMs?: number): Promise<void>;
  /** Requests served so far by `METHOD path` (watches marked `(watch)`); clear() to restart. */
  requestCounts: Map<string, number>;
  /** Pod log requests with `follow` still open: clients that have not hung up. */
  openLogStreams(): number;
  /** Watch requests open now, by path (e.g. `/apis/tekton.dev/v1/pipelineruns`). */
  openWatches: Map<string, number>;
  stop(): Promise<void>;
}

const SEED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'argocd'];

/** The Tekton CRDs of the repository, the same files the wave -1 Application installs. */
function readTektonCrds(repoRoot: string): any[] {
  const dir = path.join(repoRoot, 'argocd', 'tekton-crds');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(d =>
        d.toJS(),
      ),
    )
    .filter(doc => doc?.kind === 'CustomResourceDefinition');
}

function seed(store: ObjectStore, repoRoot: string) {
  const namespaces = store.findType('', 'v1', 'namespaces')!;
  for (const name of SEED_NAMESPACES) {
    store.create(namespaces, undefined, { metadata: { name } });
  }
  const crds = store.findType(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
  )!;
  for (const crd of [...ARGOCD_CRDS, ...readTektonCrds(repoRoot)]) {
    store.create(crds, undefined, crd);
  }
}

function writeFileAtomic(file: string, content: string, mode = 0o600) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content, { mode });
  fs.renameSync(temporary, file);
}

/**
 * Starts the local cluster: a Kubernetes-protocol API server on 127.0.0.1 with Argo CD's and
 * Tekton's CRDs installed, and writes a kubeconfig for it. For development and tests only.
 */
export async function startLocalCluster(
  options: LocalClusterOptions = {},
): Promise<LocalCluster> {
  const repoRoot = options.repoRoot ?? DEFAULT_REPO_ROOT;
  const token = options.token ?? randomBytes(24).toString('hex');
  const kubeconfigPath =
    options.kubeconfigPath ??
    path.join(repoRoot, '.local-cluster', 'kubeconfig');
  const store = new ObjectStore(options.watchHistoryLimit);

  const stateFile = options.stateDir
    ? path.join(options.stateDir, 'objects.json')
    : undefined;
  if (stateFile && fs.existsSync(stateFile)) {
    store.restore(JSON.parse(fs.readFileSync(stateFile, 'utf8')));
  } else {
    seed(store, repoRoot);
  }

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    saveTimer = undefined;
    if (stateFile) writeFileAtomic(stateFile, JSON.stringify(store.snapshot()));
  };
  const stopSaving = store.onChange(() => {
    if (stateFile && !saveTimer) saveTimer = setTimeout(save, 200);
  });
  if (stateFile) save();

  const tls = await loadOrCreateServingCertificate(
    options.stateDir ?? path.join(path.dirname(kubeconfigPath), 'tls'),
  );
  const dataDir = options.stateDir ?? path.dirname(kubeconfigPath);
  const logs = new LogStore(path.join(dataDir, 'logs'), (ns, pod, container) =>
    isContainerRunning(store, ns, pod, container),
  );
  let controller: PipelineRunController | undefined;
  let podRunner: PodRunner | undefined;
  if (options.executor?.enabled) {
    const stepEnv = gitRedirectEnv(
      repoRoot,
      options.executor.repositoryUrls ?? DEFAULT_REPOSITORY_URLS,
    );
    controller = new PipelineRunController({
      store,
      logs,
      workDir: options.executor.workDir ?? path.join(dataDir, 'runs'),
      stepEnv,
    });
    controller.start();
    // Pods made outside Tekton (kubectl run) run the same way as steps.
    podRunner = new PodRunner({
      store,
      logs,
      workDir: path.join(
        options.executor.workDir ?? path.join(dataDir, 'runs'),
        'pods',
      ),
      env: stepEnv,
    });
    podRunner.start();
  }

  let syncer: ApplicationSyncer | undefined;
  if (options.argocd?.enabled) {
    syncer = new ApplicationSyncer({
      store,
      repoRoot,
      repositoryUrls:
        options.executor?.repositoryUrls ?? DEFAULT_REPOSITORY_URLS,
      selfHealDelayMs: options.argocd.selfHealDelayMs,
    });
    syncer.start();
    const bootstrap = path.join(repoRoot, 'argocd', 'bootstrap.yaml');
    if (options.argocd.bootstrap && fs.existsSync(bootstrap)) {
      const applications = store.findType(
        'argoproj.io',
        'v1alpha1',
        'applications',
      )!;
      for (const app of readManifests(path.dirname(bootstrap)).filter(
        o => o.kind === 'Application',
      )) {
        if (!store.tryGet(applications, 'argocd', app.metadata.name))
          store.create(applications, 'argocd', app);
      }
    }
  }

  const server = new ApiServer({
    tls,
    store,
    token,
    bookmarkIntervalSeconds: options.bookmarkIntervalSeconds,
    podLogs: logs,
  });
  const url = await server.listen(options.port ?? 0);
  writeFileAtomic(kubeconfigPath, renderKubeconfig(url, token, tls.cert));

  return {
    url,
    token,
    kubeconfigPath,
    caCertificate: tls.cert,
    store,
    logs,
    expireWatches: () => store.expireWatchHistory(),
    async restartApiServer(downMs = 0) {
      const port = Number(new URL(url).port);
      await server.close();
      await new Promise(resolve => setTimeout(resolve, downMs));
      await server.listen(port);
    },
    requestCounts: server.requestCounts,
    openLogStreams: () => logs.openFollowStreams,
    openWatches: server.openWatches,
    async stop() {
      syncer?.stop();
      await podRunner?.stop();
      await controller?.stop();
      stopSaving();
      if (saveTimer) {
        clearTimeout(saveTimer);
        save();
      }
      await server.close();
    },
  };
}
