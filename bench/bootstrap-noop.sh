#!/usr/bin/env bash
# Times the set-up steps of the README's commands on an already set-up machine: the toolchain
# check (scripts/bootstrap.sh) and the package check (scripts/install-deps.sh). Prints the median
# of several runs in milliseconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${RUNS:-5}"

median_ms() { # <command...>
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

bash scripts/bootstrap.sh >/dev/null # make sure this is a second run
echo "scripts/bootstrap.sh (toolchain present): $(median_ms bash scripts/bootstrap.sh) ms median of $runs"
echo "scripts/install-deps.sh (packages present): $(median_ms scripts/install-deps.sh) ms median of $runs"
