#!/usr/bin/env bash
# Sets up this machine (Node 22, Yarn, packages) and starts the portal with everything embedded:
# SQLite under .data/, the example catalog, guest sign-in. Frontend on http://localhost:3000,
# backend on http://localhost:7007.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh
scripts/install-deps.sh
mkdir -p .data/sqlite
exec yarn start "$@"
