#!/usr/bin/env bash
# Installs the workspace's packages with the locked versions; a no-op when node_modules already
# matches yarn.lock (Yarn checks that itself in a few seconds).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh
# keytar (a desktop keychain helper deep in the CLI's dependencies) fails to build without
# libsecret; nothing here uses it, so its build failure is expected and harmless.
yarn install --immutable
