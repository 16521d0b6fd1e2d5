/**
 * `go test`: the -json event stream (test2json, with Go 1.24's build-output/build-fail events
 * and the plain build errors older versions print between the events) and the text output,
 * plain or -v. Both feed one model — packages of tests, each with its output lines — read the
 * same way (goOutput.ts): `file_test.go:12: msg` log lines, panics with their goroutine traces,
 * and `# pkg` build-error blocks. Go prints only the basename of the test file in log lines; it
 * is qualified with the package import path (`example.com/shop/store/store_test.go`). A build
 * failure's test file is the package's import path. Without -v go prints nothing about passing
 * tests, so `passed` and `skipped` stay 0 for plain text.
 */
import type { TestFailure } from '../types';
import { MAX_FAILURES, failure, isRecord, normalizeText, str, stripAnsi, type ParsedReport, type TestParser } from './common';
import { BUILD_LINE, PANIC, RESULT, RUN, analyze, buildFrames } from './goOutput';

type Result = 'pass' | 'fail' | 'skip';

interface GoTest {
  readonly name: string;
  result?: Result;
  readonly lines: string[];
}

interface GoPackage {
  result?: 'ok' | 'fail' | 'build';
  readonly tests: Map<string, GoTest>;
  /** Output that belongs to no test: a panic in init or TestMain, a timeout report. */
  readonly orphan: string[];
}

interface BuildBlock {
  readonly pkg: string;
  readonly lines: string[];
}

const PKG_OK = /^ok\s+(\S+)\s+(?:[\d.]+s|\(cached\)|\[no tests to run\])/;
const PKG_FAIL = /^FAIL\s+(\S+)(?:\s+(?:[\d.]+s|\((?:cached)\)|\[(build|setup) failed\]))\s*$/;
const PKG_NONE = /^\?\s+(\S+)\s+\[no test files\]/;
const BUILD_HEADER = /^# (\S+)(?: \[\S+\])?\s*$/;
const GO_ERROR = /^(?:go: |pattern \S+: |no Go files in |cannot find (?:package|module) |malformed )/;

class GoRun {
  readonly packages = new Map<string, GoPackage>();
  readonly builds: BuildBlock[] = [];
  readonly buildFailed = new Set<string>();
  readonly goErrors: string[] = [];
  private block: BuildBlock | undefined;

  /** A test's own lines end a build-error block. */
  endBlock(): void {
    this.block = undefined;
  }

  pkg(name: string): GoPackage {
    let p = this.packages.get(name);
    if (!p) {
      p = { tests: new Map(), orphan: [] };
      this.packages.set(name, p);
    }
    return p;
  }

  /** Lines outside any test: build blocks, package verdicts, `go:` errors. Returns false when not one. */
  outside(line: string, pkgOf: (name: string) => GoPackage = (n) => this.pkg(n)): boolean {
    const header = BUILD_HEADER.exec(line);
    if (header?.[1]) {
      this.block = { pkg: header[1], lines: [line] };
      this.builds.push(this.block);
      return true;
    }
    const fail = PKG_FAIL.exec(line);
    const ok = fail ? null : PKG_OK.exec(line) ?? PKG_NONE.exec(line);
    if (fail?.[1] || ok?.[1]) {
      this.block = undefined;
      const p = pkgOf((fail?.[1] ?? ok?.[1]) as string);
      if (fail?.[2]) this.buildFailed.add(fail[1] as string);
      p.result = fail ? (fail[2] ? 'build' : 'fail') : 'ok';
      return true;
    }
    if (this.block && (BUILD_LINE.test(line) || /^\s/.test(line) || /^(?:note|vet): /.test(line))) {
      this.block.lines.push(line);
      return true;
    }
    this.block = undefined;
    if (GO_ERROR.test(line)) {
      this.goErrors.push(line);
      return true;
    }
    return false;
  }
}

function test(p: GoPackage, name: string): GoTest {
  let t = p.tests.get(name);
  if (!t) {
    t = { name, lines: [] };
    p.tests.set(name, t);
  }
  return t;
}

const RESULTS: Record<string, Result> = { PASS: 'pass', FAIL: 'fail', SKIP: 'skip', pass: 'pass', fail: 'fail', skip: 'skip' };

function parseText(lines: readonly string[]): GoRun {
  const run = new GoRun();
  // Package names come after their tests (`FAIL\tpkg\t0.1s`): collect into a pending segment.
  let segment: GoPackage = { tests: new Map(), orphan: [] };
  let current: GoTest | undefined;
  const close = (name: string): GoPackage => {
    const p = run.pkg(name);
    for (const [k, t] of segment.tests) p.tests.set(k, t);
    p.orphan.push(...segment.orphan);
    segment = { tests: new Map(), orphan: [] };
    current = undefined;
    return p;
  };
  for (const line of lines) {
    const r = RUN.exec(line);
    if (r?.[1]) {
      run.endBlock();
      current = test(segment, r[1]);
      continue;
    }
    const res = RESULT.exec(line);
    if (res?.[1] && res[2]) {
      run.endBlock();
      current = test(segment, res[2]);
      current.result = RESULTS[res[1]];
      continue;
    }
    if (/^(?:PASS|FAIL|exit status \d+)\s*$/.test(line)) continue;
    if (run.outside(line, close)) continue;
    (current?.lines ?? segment.orphan).push(line);
  }
  const panicked = segment.orphan.some((l) => PANIC.test(l)) || [...segment.tests.values()].some((t) => t.lines.some((l) => PANIC.test(l)));
  if (panicked || [...segment.tests.values()].some((t) => t.result === 'fail')) {
    // A run cut off before its package line (killed on timeout, output cap): keep what it said.
    close('').result ??= 'fail';
  }
  return run;
}

function parseJson(lines: readonly string[]): GoRun {
  const run = new GoRun();
  for (const line of lines) {
    const ev = line.startsWith('{') ? tryJson(line) : undefined;
    if (!ev) {
      if (line.trim() !== '') run.outside(line);
      continue;
    }
    const action = str(ev.Action) ?? '';
    const output = (str(ev.Output) ?? '').replace(/\n$/, '');
    if (action === 'build-output' || action === 'build-fail') {
      const importPath = (str(ev.ImportPath) ?? '').split(' ')[0] ?? '';
      if (action === 'build-fail') run.buildFailed.add(importPath);
      else for (const l of output.split('\n')) run.outside(l);
      continue;
    }
    const pkgName = str(ev.Package);
    if (pkgName === undefined) continue;
    const p = run.pkg(pkgName);
    const name = str(ev.Test);
    if (action === 'output') {
      for (const l of output.split('\n')) {
        if (name !== undefined) test(p, name).lines.push(l);
        else if (!run.outside(l) && !/^(?:PASS|FAIL|exit status \d+)\s*$/.test(l)) p.orphan.push(l);
      }
    } else if (RESULTS[action]) {
      if (name !== undefined) test(p, name).result = RESULTS[action];
      else if (str(ev.FailedBuild) !== undefined) {
        p.result = 'build';
        run.buildFailed.add(pkgName);
      } else p.result = action === 'fail' ? 'fail' : (p.result ?? 'ok');
    } else if (name !== undefined && (action === 'run' || action === 'cont' || action === 'pause')) test(p, name);
  }
  return run;
}

function tryJson(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return isRecord(v) && typeof v.Action === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function report(run: GoRun, format: 'go-json' | 'go-text'): ParsedReport {
  let passed = 0;
  let skipped = 0;
  let failed = 0;
  const failures: TestFailure[] = [];
  const add = (f: TestFailure) => {
    failed++;
    if (failures.length < MAX_FAILURES) failures.push(f);
  };
  for (const [pkgName, p] of run.packages) {
    if (p.result === 'build' || run.buildFailed.has(pkgName)) {
      // A package whose dependency failed to build has no block of its own: show the others'.
      const own = run.builds.filter((b) => b.pkg === pkgName);
      const blocks = own.length > 0 ? own : run.builds;
      const lines = blocks.flatMap((b) => b.lines);
      add(failure(pkgName, pkgName || undefined, lines.join('\n') || `FAIL ${pkgName} [build failed]`, buildFrames(lines)));
      continue;
    }
    const names = [...p.tests.keys()];
    const hasChildren = (name: string) => names.some((n) => n.startsWith(`${name}/`));
    const explicit = [...p.tests.values()].filter((t) => t.result === 'fail');
    // Started and never finished in a failed package: the test that panicked or timed out.
    const unfinished = p.result === 'fail' ? [...p.tests.values()].filter((t) => t.result === undefined) : [];
    const failing = [...explicit, ...unfinished];
    // Package-level output after the tests (older test2json) belongs to the last failing test.
    const orphanPanic = p.orphan.some((l) => PANIC.test(l));
    const last = failing[failing.length - 1];
    if (orphanPanic && last) last.lines.push(...p.orphan);
    let failedHere = 0;
    for (const t of p.tests.values()) {
      const parent = hasChildren(t.name);
      if (!parent && t.result === 'pass') passed++;
      if (!parent && t.result === 'skip') skipped++;
      if (!failing.includes(t)) continue;
      const a = analyze(t.lines, pkgName, t.name);
      if (parent && !a.hasOwnOutput) continue; // failed through its subtests, which are listed
      if (t.result === undefined && !a.hasOwnOutput && explicit.length > 0) continue; // paused, never resumed
      failedHere++;
      add(failure(t.name, a.testFile ?? (pkgName || undefined), a.message || 'test failed', a.frames));
    }
    if (p.result === 'fail' && failedHere === 0) {
      const a = analyze(p.orphan, pkgName, undefined);
      add(failure(pkgName || 'go test', a.testFile ?? (pkgName || undefined), a.message || `FAIL ${pkgName}`, a.frames));
    }
  }
  // Go 1.24 names the dependency that failed to build too; count it only when no package did.
  const anyBuild = [...run.packages.values()].some((p) => p.result === 'build');
  for (const pkgName of anyBuild ? [] : run.buildFailed) {
    if (run.packages.has(pkgName)) continue;
    const lines = run.builds.filter((b) => b.pkg === pkgName).flatMap((b) => b.lines);
    add(failure(pkgName, pkgName, lines.join('\n') || `FAIL ${pkgName} [build failed]`, buildFrames(lines)));
  }
  if (failed === 0 && run.goErrors.length > 0) add(failure('go test', undefined, run.goErrors.join('\n'), []));
  return { format, passed, failed, skipped, failures };
}

function safely(format: 'go-json' | 'go-text', parse: (lines: string[]) => GoRun) {
  return (text: string): ParsedReport => {
    try {
      return report(parse(normalizeText(text).split('\n')), format);
    } catch {
      // A parser must never throw; the raw tail still says what happened.
      return { format, passed: 0, failed: 0, skipped: 0, failures: [] };
    }
  };
}

export const goJsonParser: TestParser = {
  format: 'go-json',
  sniff: (text) => /^\{"(?:Time|Action|ImportPath)":[^\n]*"Action":"[a-z-]+"/m.test(text.slice(0, 100_000)),
  parse: safely('go-json', parseJson),
};

export const goTextParser: TestParser = {
  format: 'go-text',
  sniff: (text) => {
    const head = stripAnsi(text.length > 400_000 ? text.slice(0, 200_000) + text.slice(-200_000) : text);
    return /^\s*--- (?:FAIL|PASS|SKIP): \S+ \([\d.]+s\)|^=== RUN\s+Test|^(?:ok  |FAIL)\t\S+\t|^FAIL\t\S+ \[(?:build|setup) failed\]/m.test(head);
  },
  parse: safely('go-text', parseText),
};
