#!/usr/bin/env bash
# Installs, from Debian packages, the toolchains the coverage tests run for real inside the
# sandbox (test/unit/core/testing/coverage*.test.ts): pytest, coverage.py, Go. Those tests fail,
# never skip, without them. Idempotent: installed packages are left alone. `.ci/run` calls it.
set -euo pipefail

log() { echo "[test-tools-install] $*" >&2; }

PACKAGES=(python3-pytest python3-coverage golang-go)

if [ "$(uname -s)" != "Linux" ] || ! command -v apt-get >/dev/null 2>&1; then
  log "not a Debian-like Linux: install pytest, coverage.py and Go yourself (${PACKAGES[*]} on Debian)"
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    log "apt: $pkg present"
  else
    missing+=("$pkg")
  fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
# Refresh the package lists only when they do not know a package.
for pkg in "${missing[@]}"; do
  cand="$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
    log "apt-get update"
    $SUDO apt-get update -qq >&2
    break
  fi
done
log "apt-get install ${missing[*]}"
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$LOG" 2>&1; then
  # Stale lists point at versions the mirror no longer has: refresh once and retry.
  log "apt-get install failed; apt-get update and retry"
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$LOG" 2>&1 || { tail -30 "$LOG" >&2; exit 1; }
fi
