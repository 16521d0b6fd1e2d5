#!/usr/bin/env bash
# Stands in for the VS Code executable that @vscode/test-electron's runTests() launches, on
# machines that cannot download VS Code: runs the VS Code server inside code-server and its
# workbench in headless chromium (see offlineVscode.ts). Arguments are VS Code's own.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
NODE_BIN="$(bash "$root/scripts/ensure-node.sh" 2>/dev/null)"
exec "$NODE_BIN/node" --import "file://$root/node_modules/tsx/dist/loader.mjs" "$here/offlineVscode.ts" "$@"
