/**
 * Go's coverage without touching the approved command: GOFLAGS gives every `go test` of the run
 * `-coverprofile=<artefacts>/go-coverage.out`, and the go command merges the profiles of all the
 * packages it tested into that one file (`mode: set|count|atomic`, then
 * `import/path/file.go:startLine.startCol,endLine.endCol numStmts count` per block). A package
 * whose tests do not build, or a test binary that crashes, adds nothing; the profile is written
 * when tests fail too.
 *
 * One profile covers every package, and splits exactly by package: without -coverpkg each test
 * binary measures only its own package, so a package's blocks are what its tests ran (one
 * "process" per package), and another package's code they ran is not seen. In a module of
 * several packages that coverage is partial: RunCoverage gives it only when asked, with
 * `measures`, so an unseen file is not read as "not run".
 *
 * `-coverpkg=./...` would see across packages, but changes what the re-run does, and the re-run
 * decides which failures are flaky: one package that does not compile fails the build of every
 * package (Go 1.19, 1.21 and 1.23 alike), and Go 1.19 links every matched package into every test
 * binary, running their init() (two main packages defining the same flag panic every test binary).
 */
import { joinHostPath } from './hostPath';

export const GO_PROFILE = 'go-coverage.out';

/** GOFLAGS with ours after the user's (the last of a repeated flag wins); nothing when the path has a space (Go ≤ 1.20 splits GOFLAGS on spaces). */
export function goCoverageEnv(artefacts: string, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const profile = joinHostPath(artefacts, GO_PROFILE);
  if (/\s/.test(profile)) return {};
  return { GOFLAGS: [env['GOFLAGS']?.trim(), `-coverprofile=${profile}`].filter((f) => !!f).join(' ') };
}

const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;
/** The command wrote the profile: a block spanning more lines than any Go function is not believed. */
const MAX_BLOCK_LINES = 10_000;

/**
 * A cover profile → the lines that ran per file, as the profile names the file (an import path
 * plus the file name, or an absolute path for files named on the command line). Every file the
 * profile measured is a key, with an empty set when none of it ran. A line ran when a block
 * around it ran at least once (blocks may repeat: profiles of several binaries are merged).
 * Undefined when the text is not a cover profile.
 */
export function parseGoCoverProfile(text: string): Map<string, Set<number>> | undefined {
  const lines = text.split('\n');
  if (!/^mode: (set|count|atomic)\s*$/.test(lines[0] ?? '')) return undefined;
  const out = new Map<string, Set<number>>();
  for (const line of lines.slice(1)) {
    const m = BLOCK.exec(line.trim());
    if (!m) continue;
    const [start, end, count] = [Number(m[2]), Number(m[4]), Number(m[7])];
    if (!(start > 0) || end < start || end - start > MAX_BLOCK_LINES) continue;
    const file = m[1]!;
    let ran = out.get(file);
    if (!ran) {
      ran = new Set();
      out.set(file, ran);
    }
    if (count > 0) for (let l = start; l <= end; l++) ran.add(l);
  }
  return out;
}

/** The module path a go.mod declares. */
export function goModulePath(goMod: string): string | undefined {
  return /^\s*module\s+"?([^\s"]+)"?/m.exec(goMod.replace(/\/\/.*$/gm, ''))?.[1];
}

export interface GoModule {
  /** Its module path (`example.com/shop`). */
  readonly path: string;
  /** Its folder, workspace-relative ('' for the root). */
  readonly dir: string;
}

/**
 * A file as a profile or `go test` names it (`example.com/shop/money/money.go`) → its
 * workspace-relative path: the longest module path it starts with, replaced by that module's
 * folder. Absolute paths (files named on the command line) must lie under `treePrefix`.
 */
export function goFileToRel(file: string, modules: readonly GoModule[], treePrefix: string): string | undefined {
  const posix = file.replace(/\\/g, '/');
  if (posix.startsWith(treePrefix)) return posix.slice(treePrefix.length);
  let best: GoModule | undefined;
  for (const m of modules) if (posix.startsWith(`${m.path}/`) && (!best || m.path.length > best.path.length)) best = m;
  if (!best) return undefined;
  const rest = posix.slice(best.path.length + 1);
  return best.dir === '' ? rest : `${best.dir}/${rest}`;
}
