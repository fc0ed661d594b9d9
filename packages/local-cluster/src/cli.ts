/* eslint-disable no-console */
import path from 'path';
import { DEFAULT_REPO_ROOT, startLocalCluster } from './startLocalCluster';

const USAGE = `Usage: yarn local-cluster start [--port N] [--state-dir DIR] [--repo-root DIR] [--kubeconfig FILE] [--token TOKEN] [--executor on|off]

Starts the local cluster, a Kubernetes-protocol API server for development and tests, and writes
a kubeconfig for it (default .local-cluster/kubeconfig at the repository root):

  kubectl --kubeconfig .local-cluster/kubeconfig get pipelines -n shop`;

function parseArgs(argv: string[]) {
  const [command, ...rest] = argv;
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const match = arg.match(/^--([\w-]+)(?:=(.*))?$/);
    if (!match) throw new Error(`Unexpected argument "${arg}"\n\n${USAGE}`);
    flags[match[1]] = match[2] ?? rest[++i];
    if (flags[match[1]] === undefined)
      throw new Error(`--${match[1]} needs a value\n\n${USAGE}`);
  }
  const known = [
    'port',
    'state-dir',
    'repo-root',
    'kubeconfig',
    'token',
    'executor',
  ];
  const unknown = Object.keys(flags).filter(f => !known.includes(f));
  if (unknown.length)
    throw new Error(`Unknown option --${unknown[0]}\n\n${USAGE}`);
  return { command, flags };
}

async function main() {
  const { command, flags } = parseArgs(process.argv.slice(2));
  if (command !== 'start') {
    console.log(USAGE);
    process.exit(
      command === undefined || command === 'help' || command === '--help'
        ? 0
        : 1,
    );
  }
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not "${flags.port}"`);
  const repoRoot = path.resolve(flags['repo-root'] ?? DEFAULT_REPO_ROOT);
  const cluster = await startLocalCluster({
    port,
    repoRoot,
    stateDir: flags['state-dir'] && path.resolve(flags['state-dir']),
    kubeconfigPath: flags.kubeconfig && path.resolve(flags.kubeconfig),
    token: flags.token ?? process.env.TEKTON_DAG_LOCAL_CLUSTER_TOKEN,
    // A development tool: run what is applied. `--executor off` only stores objects.
    executor: { enabled: flags.executor !== 'off' },
    // Argo CD installs Tekton's content from argocd/bootstrap.yaml, wave by wave.
    argocd: { enabled: true, bootstrap: true },
  });
  console.log(`Local cluster listening on ${cluster.url}`);
  console.log(`Kubeconfig: ${cluster.kubeconfigPath}`);
  console.log(
    `Try: kubectl --kubeconfig ${
      path.relative(process.cwd(), cluster.kubeconfigPath) ||
      cluster.kubeconfigPath
    } get crds`,
  );
  const shutdown = async () => {
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
