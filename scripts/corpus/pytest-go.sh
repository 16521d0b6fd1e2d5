#!/usr/bin/env bash
# (Re)generates the pytest and go test corpus in test/fixtures/test-corpus/{pytest,go}-<case>/.
#
# Each case is a base project (scripts/corpus/pytest-go/base/<base>) plus one injected bug
# (scripts/corpus/pytest-go/cases/<tool>-<case>/bug.patch). The patched project is copied to a
# neutral folder (/tmp/squad-corpus/<tool>-<case>) and run there with every reporter, so the
# absolute paths in the outputs are foreign to any later workspace, as they would be in a
# scratch worktree. The fixture keeps the project, one file per output and case.json.
# Reporters: pytest (default, -q, --tb=short|long|native|line, --junitxml) and go test (default,
# -v, -json), stdout and stderr interleaved as Squad's runner captures them.
#
# Tools come from Debian (python3-pytest, golang-go). Go runs offline: standard library only.
#   PYTHON      the interpreter whose pytest is used (default /usr/bin/python3, Debian's)
#   GO          the go binary (default: go on PATH)
#   ALT_PYTEST  optional second pytest command line (e.g. a newer pytest already on the machine);
#               when set, its default output is saved too, as reporter "alt-default".
#   CASES       optional space-separated case ids to regenerate (default: all)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
src="$here/pytest-go"
out_root="$repo/test/fixtures/test-corpus"
stage_root=/tmp/squad-corpus
PYTHON=${PYTHON:-/usr/bin/python3}
GO=${GO:-go}

export PYTHONDONTWRITEBYTECODE=1 COLUMNS=80 LC_ALL=C.UTF-8 TZ=UTC
unset PYTEST_ADDOPTS PY_COLORS FORCE_COLOR
export GOPROXY=off GOFLAGS= GOTOOLCHAIN=local CGO_ENABLED=0 GOWORK=off

pytest_version=$("$PYTHON" -m pytest --version 2>&1 | head -n1)
python_version=$("$PYTHON" --version 2>&1)
go_version=$("$GO" version 2>/dev/null || echo "go: not found")
alt_version=""
if [[ -n "${ALT_PYTEST:-}" ]]; then alt_version=$($ALT_PYTEST --version 2>&1 | head -n1); fi

# run <file> <cmd...>: runs in the current directory, stdout+stderr interleaved into <file>;
# prints the exit code (tests fail on purpose, so a non-zero code is the point).
run() {
  local file=$1; shift
  local rc=0
  "$@" >"$file" 2>&1 || rc=$?
  echo "$rc"
}

mkdir -p "$stage_root"
ids=${CASES:-$(ls "$src/cases")}
for id in $ids; do
  meta="$src/cases/$id/case.json"
  tool=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["tool"])' "$meta")
  base=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["base"])' "$meta")
  stage="$stage_root/$id"
  dest="$out_root/$id"
  echo "== $id ($tool)"

  rm -rf "$stage" "$dest"
  cp -r "$src/base/$base" "$stage"
  (cd "$stage" && patch -s -p1 <"$src/cases/$id/bug.patch")
  mkdir -p "$dest"
  cp -r "$stage" "$dest/project"

  declare -A codes=()
  declare -A files=()
  cd "$stage"
  if [[ $tool == pytest ]]; then
    py=("$PYTHON" -m pytest -p no:cacheprovider)
    codes[default]=$(run "$dest/output.default.txt" "${py[@]}"); files[default]=output.default.txt
    codes[q]=$(run "$dest/output.q.txt" "${py[@]}" -q); files[q]=output.q.txt
    for tb in short long native line; do
      codes[tb-$tb]=$(run "$dest/output.tb-$tb.txt" "${py[@]}" --tb=$tb); files[tb-$tb]=output.tb-$tb.txt
    done
    codes[junit]=$(run /dev/null "${py[@]}" --junitxml=report.xml)
    if [[ -f report.xml ]]; then mv report.xml "$dest/output.junit.xml"; files[junit]=output.junit.xml; fi
    if [[ -n $alt_version ]]; then
      # shellcheck disable=SC2086 # ALT_PYTEST is a command line
      codes[alt-default]=$(run "$dest/output.alt-default.txt" $ALT_PYTEST -p no:cacheprovider)
      files[alt-default]=output.alt-default.txt
    fi
  else
    export GOCACHE="$stage_root/.gocache-$id"
    rm -rf "$GOCACHE"
    codes[default]=$(run "$dest/output.default.txt" "$GO" test ./...); files[default]=output.default.txt
    codes[v]=$(run "$dest/output.v.txt" "$GO" test -v ./...); files[v]=output.v.txt
    codes[json]=$(run "$dest/output.json.json" "$GO" test -json ./...); files[json]=output.json.json
    rm -rf "$GOCACHE"
  fi
  cd "$repo"
  # /tmp/squad-corpus is shared with scripts/corpus/js-tools.sh: a stage removed mid-run spoils outputs.
  [[ -d $stage ]] || { echo "$stage vanished while running; run again" >&2; exit 1; }
  find "$dest/project" \( -name __pycache__ -o -name .pytest_cache -o -name report.xml \) -prune -exec rm -rf {} +

  # case.json = the case's metadata + what was run, with which tool, the exit codes, and the
  # expected results read from the tool's own machine-readable report.
  args=()
  for k in "${!files[@]}"; do args+=("$k=${files[$k]}=${codes[$k]}"); done
  if [[ $tool == pytest ]]; then version="$pytest_version ($python_version)"; else version="$go_version"; fi
  "$PYTHON" "$src/case_json.py" "$meta" "$dest" "$version" "$alt_version" "${args[@]}"
  unset codes files
done
echo "corpus size (pytest + go): $(find "$out_root"/pytest-* "$out_root"/go-* -type f -printf '%s\n' | awk '{s += $1} END {print s}') bytes"
