/**
 * Turning what a re-run left behind into per-process coverage: which workspace files and lines
 * each test process executed, which test files it ran, and whether one of them failed. Node
 * processes leave V8 JSON (v8.ts), Python processes our JSON (python.ts), `go test` one cover
 * profile (go.ts); prepare.ts set up the run so they would.
 */
import type { Workspace } from '../../ports';
import { baseOf, dirOf, isDependencyPath, isTestPath, parseRawPath, WorkspacePaths } from '../paths';
import type { TestReport } from '../types';
import { GO_PROFILE, goFileToRel, goModulePath, parseGoCoverProfile, type GoModule } from './go';
import { PYTHON_COVERAGE_FILE, parsePythonCoverage } from './python';
import { type ProcessRun, RunCoverage } from './runCoverage';
import { parseV8Coverage, v8ProcessCoverage } from './v8';

interface Context {
  /** The tree's absolute path, POSIX, with a trailing slash. */
  readonly prefix: string;
  readonly paths: WorkspacePaths;
  readonly report: TestReport;
  /** Whether a workspace path is the file of a failing test (as the tool printed it). */
  readonly isFailingFile: (rel: string) => boolean;
}

export async function collectCoverage(
  artefacts: readonly { readonly name: string; readonly text: string }[],
  treeDir: string,
  workspace: Workspace,
  report: TestReport,
): Promise<RunCoverage> {
  const prefix = `${treeDir.replace(/\\/g, '/').replace(/\/$/, '')}/`;
  const failingFiles = report.failures.map((f) => f.testFile).filter((f): f is string => f !== undefined).map((f) => parseRawPath(f).segments.join('/'));
  const isFailingFile = (rel: string) => failingFiles.some((f) => f === rel || f.endsWith(`/${rel}`) || rel.endsWith(`/${f}`));
  const ctx: Context = { prefix, paths: new WorkspacePaths(workspace), report, isFailingFile };
  const processes: ProcessRun[] = [];
  for (const artefact of artefacts) {
    if (/^coverage-.*\.json$/.test(artefact.name)) {
      const run = await nodeProcess(artefact.text, ctx);
      if (run) processes.push(run);
    } else if (PYTHON_COVERAGE_FILE.test(artefact.name)) {
      const run = pythonProcess(artefact.text, ctx);
      if (run) processes.push(run);
    } else if (artefact.name === GO_PROFILE) {
      processes.push(...(await goPackages(artefact.text, ctx)));
    }
  }
  return new RunCoverage(processes);
}

/** Its test files: the executed files that are test code or the file of a failing test. */
function withTests(executed: ProcessRun['executed'], ctx: Context): ProcessRun {
  const testFiles = new Set([...executed.keys()].filter((f) => isTestPath(f) || ctx.isFailingFile(f)));
  return { executed, testFiles, failing: [...testFiles].some(ctx.isFailingFile) };
}

async function nodeProcess(text: string, ctx: Context): Promise<ProcessRun | undefined> {
  const scripts = parseV8Coverage(text);
  if (!scripts) return undefined;
  const toRel = (url: string): string | undefined => {
    if (!url.startsWith('file:')) return undefined;
    let file: string;
    try {
      file = decodeURIComponent(url.replace(/^file:\/\//, '')).replace(/\\/g, '/');
    } catch {
      return undefined;
    }
    // file:///C:/x on Windows
    if (/^\/[A-Za-z]:\//.test(file)) file = file.slice(1);
    if (!file.startsWith(ctx.prefix)) return undefined;
    const rel = file.slice(ctx.prefix.length);
    return isDependencyPath(rel) ? undefined : rel;
  };
  const run = await v8ProcessCoverage(scripts, toRel, (rel) => ctx.paths.read(rel));
  return run.executed.size === 0 ? undefined : withTests(run.executed, ctx);
}

/**
 * One Python process. pytest runs every test file in one process (xdist workers aside), so its
 * coverage is the union of all its tests: every test file it ran shares it, as a Node runner
 * that runs its files in one process does.
 */
function pythonProcess(text: string, ctx: Context): ProcessRun | undefined {
  const files = parsePythonCoverage(text);
  if (!files) return undefined;
  const executed = new Map([...files].filter(([rel]) => !isDependencyPath(rel)));
  return executed.size === 0 ? undefined : withTests(executed, ctx);
}

/**
 * `go test`'s one profile, split by package (go.ts): each package's test binary measured its own
 * files only, and ran its own test files; it failed when one of them has a failing test. In a
 * module of several packages that coverage is partial (`measured`): the test may have run
 * another package's code unseen.
 */
async function goPackages(text: string, ctx: Context): Promise<ProcessRun[]> {
  const profile = parseGoCoverProfile(text);
  if (!profile || profile.size === 0) return [];
  const files = await ctx.paths.listFiles();
  const modules: GoModule[] = [];
  for (const f of files.filter((p) => baseOf(p) === 'go.mod' && !isDependencyPath(p))) {
    const path = goModulePath((await ctx.paths.read(f)) ?? '');
    if (path) modules.push({ path, dir: dirOf(f) });
  }
  const toRel = (file: string) => {
    const rel = goFileToRel(file, modules, ctx.prefix);
    return rel === undefined || isDependencyPath(rel) ? undefined : rel;
  };
  const packages = new Map<string, { executed: Map<string, Set<number>>; measured: Set<string> }>();
  for (const [file, ran] of profile) {
    const rel = toRel(file);
    if (rel === undefined) continue;
    const dir = dirOf(rel);
    const pkg = packages.get(dir) ?? { executed: new Map(), measured: new Set() };
    packages.set(dir, pkg);
    pkg.measured.add(rel);
    if (ran.size > 0) pkg.executed.set(rel, ran);
  }
  // Go names a failing test's file by import path (example.com/shop/store/store_test.go).
  const failingTests = new Set(ctx.report.failures.map((f) => (f.testFile === undefined ? undefined : toRel(f.testFile))).filter((f): f is string => f?.endsWith('_test.go') === true));
  // A package that is all the Go code there is saw every file its tests could run.
  const sources = files.filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !isDependencyPath(f) && !/(^|\/)(testdata|[._][^/]*)\//.test(f));
  const out: ProcessRun[] = [];
  for (const [dir, pkg] of packages) {
    if (pkg.executed.size === 0) continue;
    const testFiles = new Set([...files, ...failingTests].filter((f) => f.endsWith('_test.go') && dirOf(f) === dir));
    const failing = [...testFiles].some((f) => failingTests.has(f) || ctx.isFailingFile(f));
    const complete = sources.every((f) => pkg.measured.has(f));
    out.push({ executed: pkg.executed, testFiles, failing, ...(complete ? {} : { measured: pkg.measured }) });
  }
  return out;
}
