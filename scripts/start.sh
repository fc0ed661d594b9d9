#!/usr/bin/env bash
# Sets up this machine (Node 22, Yarn, packages) and starts the portal with everything embedded:
# SQLite under .data/, the example catalog, guest sign-in, and, when tektonDag.clusters names a
# cluster of type "local" (the default), the local cluster with its Tekton executor and Argo CD
# sync (kubeconfig: .local-cluster/kubeconfig). Frontend on http://localhost:3000, backend on
# http://localhost:7007.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh
scripts/install-deps.sh
mkdir -p .data/sqlite

# Does the configuration (app-config.yaml, then app-config.local.yaml) name a local cluster?
wants_local_cluster() {
  node -e '
    const fs = require("fs");
    const { parse } = require("yaml");
    let clusters = [];
    for (const file of ["app-config.yaml", "app-config.local.yaml"]) {
      if (!fs.existsSync(file)) continue;
      const found = parse(fs.readFileSync(file, "utf8"))?.tektonDag?.clusters;
      if (found) clusters = found;
    }
    process.exit(clusters.some(c => c && c.type === "local") ? 0 : 1);
  '
}

# Stopping this script stops everything it started (the portal and the local cluster): they
# share its process group.
trap 'trap - TERM INT EXIT; kill 0 2>/dev/null' TERM INT EXIT

if wants_local_cluster; then
  mkdir -p .local-cluster
  rm -f .local-cluster/kubeconfig
  node --require @backstage/cli/config/nodeTransform.cjs packages/local-cluster/src/cli.ts start \
    --state-dir .local-cluster/state >.local-cluster/cluster.log 2>&1 &
  cluster_pid=$!
  for _ in $(seq 1 60); do
    [ -f .local-cluster/kubeconfig ] && break
    kill -0 "$cluster_pid" 2>/dev/null || { cat .local-cluster/cluster.log; exit 1; }
    sleep 0.5
  done
  echo "Local cluster up (log: .local-cluster/cluster.log); try: kubectl --kubeconfig .local-cluster/kubeconfig get pipelines -n shop"
fi

yarn start "$@" &
wait $!
