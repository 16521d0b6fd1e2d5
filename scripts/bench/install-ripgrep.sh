#!/usr/bin/env bash
# Installs ripgrep (`rg`) from Debian packages, for `npm run bench` to print Squad's workspace
# tools next to ripgrep, and for the shared ignore-semantics suite to run its rg half. The unit
# tests pass without it (that half is then skipped, saying why). Idempotent: when rg is on the
# PATH it only reports the version. On macOS and Windows it does nothing (install rg yourself).
set -euo pipefail

log() { echo "[ripgrep-install] $*" >&2; }

if command -v rg >/dev/null 2>&1; then
  log "present: $(rg --version | head -n 1)"
  exit 0
fi

if [ "$(uname -s)" != "Linux" ] || ! command -v apt-get >/dev/null 2>&1; then
  log "no apt-get here: install ripgrep with your package manager to compare with it"
  exit 0
fi

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when they do not know ripgrep.
cand="$(apt-cache policy ripgrep 2>/dev/null | awk '/Candidate:/ {print $2}')"
if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
  log "apt-get update"
  $SUDO apt-get update -qq >&2
fi
log "apt-get install ripgrep"
if ! $SUDO apt-get install -y -qq --no-install-recommends ripgrep >&2; then
  # Stale lists point at versions the mirror no longer has: refresh once and retry.
  log "apt-get install failed; apt-get update and retry"
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends ripgrep >&2
fi
log "installed: $(rg --version | head -n 1)"
