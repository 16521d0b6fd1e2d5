#!/usr/bin/env bash
# Installs bubblewrap (`bwrap`), the OS sandbox Squad runs test commands in on Linux (docs/sandbox.md),
# from Debian packages, then checks that it can really create a sandbox here (a container without
# user namespaces has the package but no sandbox). Idempotent: when bwrap is installed it only checks.
# `.ci/run` calls it before the tests. On macOS and Windows there is nothing to install.
set -euo pipefail

log() { echo "[sandbox-install] $*" >&2; }

if [ "$(uname -s)" != "Linux" ]; then
  log "not Linux: Squad has no OS sandbox here (docs/sandbox.md); nothing to install"
  exit 0
fi

if dpkg-query -W -f='${Status}' bubblewrap 2>/dev/null | grep -q 'install ok installed'; then
  log "apt: bubblewrap present"
else
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  LOG="$(mktemp)"
  # Refresh the package lists only when they do not know bubblewrap.
  cand="$(apt-cache policy bubblewrap 2>/dev/null | awk '/Candidate:/ {print $2}')"
  if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
    log "apt-get update"
    $SUDO apt-get update -qq >&2
  fi
  log "apt-get install bubblewrap"
  if ! $SUDO apt-get install -y -qq --no-install-recommends bubblewrap >"$LOG" 2>&1; then
    # Stale lists point at versions the mirror no longer has: refresh once and retry.
    log "apt-get install failed; apt-get update and retry"
    $SUDO apt-get update -qq >&2
    $SUDO apt-get install -y -qq --no-install-recommends bubblewrap >"$LOG" 2>&1 || { tail -30 "$LOG" >&2; rm -f "$LOG"; exit 1; }
  fi
  rm -f "$LOG"
fi

# The same namespaces and mounts the runner asks for (src/node/sandbox/probe.ts).
if out="$(bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp \
    --unshare-pid --unshare-net --unshare-ipc --unshare-uts --unshare-cgroup-try \
    --cap-drop ALL --die-with-parent --new-session -- true 2>&1)"; then
  log "$(bwrap --version) can create a sandbox"
else
  log "bubblewrap is installed but cannot create a sandbox here: $out"
  log "unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone, or a container's seccomp profile)"
  exit 1
fi
