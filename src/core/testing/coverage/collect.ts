/**
 * Turning what a re-run left behind into per-process coverage: which workspace files and lines
 * each test process executed, which test files it ran, and whether one of them failed.
 */
import type { Workspace } from '../../ports';
import { isDependencyPath, isTestPath, parseRawPath } from '../paths';
import type { TestReport } from '../types';
import { type ProcessRun, RunCoverage } from './runCoverage';
import { parseV8Coverage, v8ProcessCoverage } from './v8';

/** The environment that makes every Node process of the run write its coverage into `dir`. */
export function coverageEnv(dir: string): Record<string, string> {
  return { NODE_V8_COVERAGE: dir };
}

export async function collectCoverage(
  artefacts: readonly { readonly name: string; readonly text: string }[],
  treeDir: string,
  workspace: Workspace,
  report: TestReport,
): Promise<RunCoverage> {
  const prefix = `${treeDir.replace(/\\/g, '/').replace(/\/$/, '')}/`;
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
    if (!file.startsWith(prefix)) return undefined;
    const rel = file.slice(prefix.length);
    return isDependencyPath(rel) ? undefined : rel;
  };
  const texts = new Map<string, Promise<string | undefined>>();
  const read = (rel: string) => {
    let hit = texts.get(rel);
    if (!hit) {
      // Never through a link out of the tree (see WorkspacePaths.read).
      hit = workspace.realPath(rel).then((real) => (real === undefined ? undefined : workspace.readFile(real).then((b) => new TextDecoder().decode(b)))).catch(() => undefined);
      texts.set(rel, hit);
    }
    return hit;
  };
  const failingFiles = report.failures.map((f) => f.testFile).filter((f): f is string => f !== undefined).map((f) => parseRawPath(f).segments.join('/'));
  const isFailingFile = (rel: string) => failingFiles.some((f) => f === rel || f.endsWith(`/${rel}`) || rel.endsWith(`/${f}`));
  const processes: ProcessRun[] = [];
  for (const artefact of artefacts) {
    if (!/^coverage-.*\.json$/.test(artefact.name)) continue;
    const scripts = parseV8Coverage(artefact.text);
    if (!scripts) continue;
    const run = await v8ProcessCoverage(scripts, toRel, read);
    if (run.executed.size === 0) continue;
    const testFiles = new Set([...run.executed.keys()].filter((f) => isTestPath(f) || isFailingFile(f)));
    processes.push({ ...run, testFiles, failing: [...testFiles].some(isFailingFile) });
  }
  return new RunCoverage(processes);
}
