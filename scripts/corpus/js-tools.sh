#!/usr/bin/env bash
# Regenerates test/fixtures/test-corpus/{jest,vitest,mocha,node-test}-<case>/: real output of
# real test runners on small projects with one injected bug each, for the parsers' tests.
#
#   bash scripts/corpus/js-tools.sh            # every case
#   bash scripts/corpus/js-tools.sh jest       # the cases of one tool
#
# The projects run from /tmp/squad-corpus/<tool>-<case>, a neutral path that ends up in the
# saved output on purpose: attribution must cope with foreign absolute paths. The tools are
# installed outside the repository, in /tmp/squad-corpus/node_modules, which every project
# finds by walking up (a symlinked node_modules would leak its real path into the stacks).
# Needs the npm registry the first time only.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PROJECTS="$HERE/js-projects"
OUT="$ROOT/test/fixtures/test-corpus"
WORK=/tmp/squad-corpus
TOOLS="$WORK"
PATH="$(bash "$ROOT/scripts/ensure-node.sh"):$PATH"
export PATH

# Pinned so that a regenerated corpus differs only where a tool's output changed on purpose.
JEST=jest@30.5.2
VITEST=vitest@5.1.1
MOCHA=mocha@12.0.3

if [[ ! -x "$TOOLS/node_modules/.bin/jest" || ! -x "$TOOLS/node_modules/.bin/vitest" || ! -x "$TOOLS/node_modules/.bin/mocha" ]]; then
  mkdir -p "$TOOLS"
  [[ -f "$TOOLS/package.json" ]] || echo '{ "name": "squad-test-tools", "private": true }' >"$TOOLS/package.json"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "$JEST" "$VITEST" "$MOCHA"
fi
BIN="$TOOLS/node_modules/.bin"

# <tool> <case> <variant>: the variant names the test suite under js-projects/tests and, by its
# suffix, the source flavour (cjs or esm) under js-projects/src-*. Mocha and node:test alternate
# module systems so that every bug is seen in both.
CASES=(
  "jest wrong-operator jest-cjs"   "jest off-by-one jest-cjs"     "jest thrown-error jest-cjs"
  "jest wrong-shape jest-cjs"      "jest missing-await jest-cjs"  "jest deep-throw jest-cjs"
  "jest test-bug jest-cjs"         "jest async-timeout jest-cjs"  "jest syntax-error jest-cjs"
  "vitest wrong-operator vitest-esm" "vitest off-by-one vitest-esm"    "vitest thrown-error vitest-esm"
  "vitest wrong-shape vitest-esm"    "vitest missing-await vitest-esm" "vitest deep-throw vitest-esm"
  "vitest test-bug vitest-esm"       "vitest async-timeout vitest-esm" "vitest syntax-error vitest-esm"
  "mocha wrong-operator mocha-esm" "mocha off-by-one mocha-cjs"     "mocha thrown-error mocha-esm"
  "mocha wrong-shape mocha-cjs"    "mocha missing-await mocha-esm"  "mocha deep-throw mocha-cjs"
  "mocha test-bug mocha-esm"       "mocha async-timeout mocha-cjs"  "mocha syntax-error mocha-esm"
  "node-test wrong-operator node-cjs" "node-test off-by-one node-esm"    "node-test thrown-error node-cjs"
  "node-test wrong-shape node-esm"    "node-test missing-await node-cjs" "node-test deep-throw node-esm"
  "node-test test-bug node-cjs"       "node-test async-timeout node-esm" "node-test syntax-error node-cjs"
)
# Cases that also keep a coloured run of the default reporter (ANSI handling) and a run through
# `npm test` (its banner and error footer around the tool's output).
EXTRA_CASES=" wrong-operator deep-throw "

# A small, stable environment: no CI flags or colours leak in from the caller's shell.
run_env() { env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 TERM=dumb "$@"; }

# capture <dir> <outfile> <command...>: stdout and stderr interleaved, as Squad's runner sees them.
capture() {
  local dir="$1" out="$2"
  shift 2
  local code=0
  (cd "$dir" && run_env "$@") >"$out" 2>&1 || code=$?
  echo "$code"
}

inject() { # <project dir> <bug name>: applies the bug, failing loudly if its anchor moved
  node -e '
    const fs = require("fs"), path = require("path");
    const [dir, name, bugsFile] = process.argv.slice(1);
    const bug = JSON.parse(fs.readFileSync(bugsFile, "utf8"))[name];
    const file = path.join(dir, bug.file);
    const text = fs.readFileSync(file, "utf8");
    if (text.split(bug.find).length !== 2) throw new Error(`anchor of ${name} not found once in ${bug.file}`);
    fs.writeFileSync(file, text.replace(bug.find, () => bug.replace));
  ' "$1" "$2" "$PROJECTS/bugs.json"
}

write_case_json() { # <tool> <case> <variant> <dest> <outputs "k=file:code ...">
  node -e '
    const fs = require("fs");
    const [tool, name, variant, dest, outputs, bugsFile, versions] = process.argv.slice(1);
    const bug = JSON.parse(fs.readFileSync(bugsFile, "utf8"))[name];
    const out = {}, exitCodes = {};
    for (const entry of outputs.trim().split(/\s+/)) {
      const [key, rest] = entry.split("=");
      const [file, code] = rest.split(":");
      out[key] = file;
      exitCodes[key] = Number(code);
    }
    const doc = {
      tool, case: name, description: bug.description, module: variant.split("-").pop(),
      buggyFile: bug.file, testFile: bug.testFile, frameInBuggyFile: bug.frameInBuggyFile,
      // Reporters whose output does not carry the location of the buggy file at all.
      noFrameIn: (bug.noFrameIn?.[tool] ?? []).filter((key) => key in out),
      versions: JSON.parse(versions), outputs: out, exitCodes,
    };
    fs.writeFileSync(`${dest}/case.json`, JSON.stringify(doc, null, 2) + "\n");
  ' "$@" "$PROJECTS/bugs.json" "$VERSIONS"
}

version_of() { node -p "require('$TOOLS/node_modules/$1/package.json').version"; }
NODE_VERSION="$(node --version)"

run_case() {
  local tool="$1" name="$2" variant="$3"
  local id="$tool-$name" dir="$WORK/$tool-$name" dest="$OUT/$tool-$name"
  local flavour="${variant##*-}"
  rm -rf "$dir" "$dest"
  mkdir -p "$dir" "$dest"
  cp -R "$PROJECTS/src-$flavour/." "$dir/"
  cp -R "$PROJECTS/tests/$variant/." "$dir/"
  inject "$dir" "$name"
  # The project as it was run, without the tools.
  cp -R "$dir" "$dest/project"

  local outputs="" code extra=0
  [[ "$EXTRA_CASES" == *" $name "* ]] && extra=1
  case "$tool" in
    jest)
      VERSIONS="{\"node\":\"$NODE_VERSION\",\"jest\":\"$(version_of jest)\"}"
      code=$(capture "$dir" "$dest/output.text.txt" "$BIN/jest")
      outputs+=" text=output.text.txt:$code"
      if ((extra)); then
        code=$(capture "$dir" "$dest/output.text-color.txt" FORCE_COLOR=1 "$BIN/jest")
        outputs+=" text-color=output.text-color.txt:$code"
      fi
      code=$(capture "$dir" "$dest/output.json-console.txt" "$BIN/jest" --json)
      outputs+=" json-console=output.json-console.txt:$code"
      code=$(capture "$dir" "$dir/console.log" "$BIN/jest" --json --outputFile=report.json)
      cp "$dir/report.json" "$dest/output.json.json"
      outputs+=" json=output.json.json:$code"
      ;;
    vitest)
      VERSIONS="{\"node\":\"$NODE_VERSION\",\"vitest\":\"$(version_of vitest)\"}"
      code=$(capture "$dir" "$dest/output.text.txt" "$BIN/vitest" run)
      outputs+=" text=output.text.txt:$code"
      if ((extra)); then
        code=$(capture "$dir" "$dest/output.text-color.txt" FORCE_COLOR=1 "$BIN/vitest" run)
        outputs+=" text-color=output.text-color.txt:$code"
      fi
      code=$(capture "$dir" "$dir/console.log" "$BIN/vitest" run --reporter=json --outputFile=report.json)
      cp "$dir/report.json" "$dest/output.json.json"
      outputs+=" json=output.json.json:$code"
      code=$(capture "$dir" "$dir/console.log" "$BIN/vitest" run --reporter=junit --outputFile=report.xml)
      cp "$dir/report.xml" "$dest/output.junit.xml"
      outputs+=" junit=output.junit.xml:$code"
      ;;
    mocha)
      VERSIONS="{\"node\":\"$NODE_VERSION\",\"mocha\":\"$(version_of mocha)\"}"
      code=$(capture "$dir" "$dest/output.spec.txt" "$BIN/mocha")
      outputs+=" spec=output.spec.txt:$code"
      if ((extra)); then
        code=$(capture "$dir" "$dest/output.spec-color.txt" "$BIN/mocha" --color)
        outputs+=" spec-color=output.spec-color.txt:$code"
      fi
      code=$(capture "$dir" "$dir/console.log" "$BIN/mocha" --reporter json --reporter-option output=report.json)
      if [[ -s "$dir/report.json" ]]; then
        cp "$dir/report.json" "$dest/output.json.json"
      else # mocha dies before its reporter writes when a spec file fails to load
        cp "$dir/console.log" "$dest/output.json.txt"
      fi
      outputs+=" json=$( [[ -s "$dir/report.json" ]] && echo output.json.json || echo output.json.txt ):$code"
      ;;
    node-test)
      VERSIONS="{\"node\":\"$NODE_VERSION\"}"
      local glob="test/*.test.js"
      code=$(capture "$dir" "$dest/output.spec.txt" node --test --test-timeout=1000 --test-reporter=spec "$glob")
      outputs+=" spec=output.spec.txt:$code"
      if ((extra)); then
        code=$(capture "$dir" "$dest/output.spec-color.txt" FORCE_COLOR=1 node --test --test-timeout=1000 --test-reporter=spec "$glob")
        outputs+=" spec-color=output.spec-color.txt:$code"
      fi
      code=$(capture "$dir" "$dest/output.tap.txt" node --test --test-timeout=1000 --test-reporter=tap "$glob")
      outputs+=" tap=output.tap.txt:$code"
      code=$(capture "$dir" "$dir/console.log" node --test --test-timeout=1000 --test-reporter=junit --test-reporter-destination=report.xml "$glob")
      cp "$dir/report.xml" "$dest/output.junit.xml"
      outputs+=" junit=output.junit.xml:$code"
      ;;
  esac
  if ((extra)); then
    code=$(capture "$dir" "$dest/output.npm-test.txt" npm test)
    outputs+=" npm-test=output.npm-test.txt:$code"
  fi
  write_case_json "$tool" "$name" "$variant" "$dest" "$outputs"
  echo "$id:$outputs"
}

only="${1:-}"
for entry in "${CASES[@]}"; do
  read -r tool name variant <<<"$entry"
  [[ -n "$only" && "$only" != "$tool" ]] && continue
  run_case "$tool" "$name" "$variant"
done
du -sh "$OUT"
