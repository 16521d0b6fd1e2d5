#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, outside the repo, and prints what it did:
#   - Debian: chromium (driven by playwright-core) and the headers code-server's native modules build against
#   - Node 24 (scripts/ensure-node.sh) and code-server@$CODE_SERVER_VERSION under $SQUAD_CACHE
# Idempotent: a second run only checks and returns in about a second. `.ci/run` calls it before the e2e tests.
# Prints the code-server install folder on the last line of stdout; everything else goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION="${SQUAD_CODE_SERVER_VERSION:-4.139.1}"
CACHE="${SQUAD_CACHE:-$HOME/.cache/squad}"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config)

start=$(date +%s)
log() { echo "[e2e-install] $*" >&2; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# --- Debian packages -----------------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  log "apt: all present (${APT_PACKAGES[*]})"
else
  t=$(date +%s)
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when they are absent or do not know a package we need.
  need_update=0
  for p in "${missing[@]}"; do
    cand="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then need_update=1; fi
  done
  if [ $need_update -eq 1 ]; then
    log "apt-get update"
    $SUDO apt-get update -qq >&2
  fi
  log "apt-get install ${missing[*]} (log: $CACHE/apt.log)"
  mkdir -p "$CACHE"
  if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$CACHE/apt.log" 2>&1; then
    # Stale lists point at versions the mirror no longer has: refresh once and retry.
    log "apt-get install failed; apt-get update and retry"
    $SUDO apt-get update -qq >&2
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$CACHE/apt.log" 2>&1 \
      || { tail -30 "$CACHE/apt.log" >&2; exit 1; }
  fi
  log "apt: installed ${missing[*]} in $(elapsed "$t")"
fi
log "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium: not runnable')"

# --- Node 24 ---------------------------------------------------------------------------------------
NODE_BIN="$(bash scripts/ensure-node.sh 2>/dev/null)"
export PATH="$NODE_BIN:$PATH"
log "node $(node --version) at $NODE_BIN"

# --- code-server -----------------------------------------------------------------------------------
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
SCRATCH="$CACHE/code-server-xdg"
mkdir -p "$SCRATCH/config" "$SCRATCH/data"
# code-server writes ~/.config/code-server and ~/.local/share/code-server even for --version.
export XDG_CONFIG_HOME="$SCRATCH/config" XDG_DATA_HOME="$SCRATCH/data"

installed_version() {
  [ -x "$CS_BIN" ] && [ -f "$CS_DIR/.squad-installed" ] && "$CS_BIN" --version 2>/dev/null | awk '/ with Code / {print $1; exit}'
}

if [ "$(installed_version || true)" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION: already installed in $CS_DIR"
else
  t=$(date +%s)
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (about 2 minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # Native modules (kerberos, native-keymap, …) must build against Node 24, not the machine's Node;
  # the machine's npmrc may point nodedir at another version's headers.
  NODE_DIR="$(dirname "$NODE_BIN")"
  (
    cd "$CS_DIR"
    echo '{"name":"squad-code-server","private":true}' > package.json
    npm_config_nodedir="$NODE_DIR" npm install --no-audit --no-fund --loglevel=error \
      --no-package-lock "code-server@$CODE_SERVER_VERSION" >&2
  )
  touch "$CS_DIR/.squad-installed"
  log "code-server: installed $(installed_version) in $(elapsed "$t") ($(du -sh "$CS_DIR" | cut -f1))"
fi

log "done in $(elapsed "$start")"
echo "$CS_DIR"
