/**
 * How often attribution names the right file: every output of every case of the corpus of real
 * test runs (test/fixtures/test-corpus/<tool>-<case>/), parsed and attributed with the buggy file
 * changed by one task and one or two other source files — the ones the failing test reaches
 * first, so they compete — changed by others. A hit: the first failure is attributed to the
 * case's buggy file (the test file, when the bug is in the test). Goal ≥ 95% top-1.
 * Run directly with `node --import tsx bench/attribution.ts`.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ChangedFile, attributeFailures } from '../src/core/testing/attribute';
import { directImports } from '../src/core/testing/imports';
import { parseTestOutput } from '../src/core/testing/parsers';
import { isSourcePath, WorkspacePaths } from '../src/core/testing/paths';
import { createFsWorkspace } from '../src/node/fsWorkspace';

export const CORPUS_DIR = path.resolve(__dirname, '../test/fixtures/test-corpus');

export interface CorpusCase {
  readonly dir: string;
  readonly name: string;
  readonly tool: string;
  readonly buggyFile: string;
  readonly testFile: string;
  readonly frameInBuggyFile?: boolean;
  /** reporter → output file name */
  readonly outputs: Readonly<Record<string, string>>;
  readonly exitCodes?: Readonly<Record<string, number>>;
}

export interface AttributionFigures {
  cases: number;
  outputs: number;
  top1: number;
  top1Pct: number;
  byTool: Record<string, { outputs: number; top1: number }>;
  /** `case/reporter: got X (reason)` for each output attributed elsewhere. */
  misses: string[];
}

export async function loadCorpus(dir = CORPUS_DIR): Promise<CorpusCase[]> {
  const names = (await fs.readdir(dir).catch(() => [] as string[])).sort();
  const cases: CorpusCase[] = [];
  for (const name of names) {
    const json = await fs.readFile(path.join(dir, name, 'case.json'), 'utf8').catch(() => undefined);
    if (json === undefined) continue;
    const c = JSON.parse(json) as Omit<CorpusCase, 'dir' | 'name'>;
    cases.push({ ...c, dir: path.join(dir, name), name });
  }
  return cases;
}

/** The changes of the benchmark: the buggy file (task "bug") and up to two competitors ("other1", "other2"). */
export async function benchChanges(c: CorpusCase): Promise<Map<string, ChangedFile>> {
  const paths = new WorkspacePaths(createFsWorkspace(path.join(c.dir, 'project')));
  // An empty __init__.py is no competitor: skip it.
  const eligible = (f: string) => f !== c.buggyFile && isSourcePath(f) && !f.endsWith('__init__.py');
  // Files the test imports, then their imports: the ones most easily confused with the bug.
  const near: string[] = [];
  let frontier = [c.testFile];
  for (let depth = 0; depth < 3 && near.length < 2 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const f of frontier) for (const d of await directImports(paths, f)) if (!next.includes(d)) next.push(d);
    for (const d of next) if (eligible(d) && !near.includes(d) && near.length < 2) near.push(d);
    frontier = next;
  }
  for (const f of await paths.listFiles()) if (near.length < 2 && eligible(f) && !near.includes(f)) near.push(f);
  const changes = new Map<string, ChangedFile>([[c.buggyFile, { taskId: 'bug' }]]);
  near.forEach((f, i) => changes.set(f, { taskId: `other${i + 1}` }));
  return changes;
}

/** The first failure's attributed file for one output of a case. */
export async function attributeOutput(c: CorpusCase, reporter: string, changes?: ReadonlyMap<string, ChangedFile>) {
  const file = c.outputs[reporter];
  if (file === undefined) throw new Error(`${c.name} has no output "${reporter}"`);
  const text = await fs.readFile(path.join(c.dir, file), 'utf8');
  const exitCode = c.exitCodes?.[reporter];
  const report = parseTestOutput(text, exitCode === undefined ? {} : { exitCode });
  const workspace = createFsWorkspace(path.join(c.dir, 'project'));
  const attributions = await attributeFailures(report, { workspace, changedFiles: changes ?? (await benchChanges(c)) });
  return { report, first: attributions[0], attributions };
}

export async function benchAttribution(dir = CORPUS_DIR): Promise<AttributionFigures> {
  const cases = await loadCorpus(dir);
  const figures: AttributionFigures = { cases: cases.length, outputs: 0, top1: 0, top1Pct: 0, byTool: {}, misses: [] };
  for (const c of cases) {
    const changes = await benchChanges(c);
    const tool = (figures.byTool[c.tool] ??= { outputs: 0, top1: 0 });
    for (const reporter of Object.keys(c.outputs)) {
      figures.outputs++;
      tool.outputs++;
      let got: string;
      try {
        const { first } = await attributeOutput(c, reporter, changes);
        if (first?.file === c.buggyFile) {
          figures.top1++;
          tool.top1++;
          continue;
        }
        got = first ? `${first.file ?? 'no file'} (${first.reason})` : 'no failure parsed';
      } catch (err) {
        got = `error: ${err instanceof Error ? err.message : String(err)}`;
      }
      figures.misses.push(`${c.name}/${reporter}: got ${got}, expected ${c.buggyFile}`);
    }
  }
  figures.top1Pct = figures.outputs === 0 ? 0 : (100 * figures.top1) / figures.outputs;
  return figures;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchAttribution().then(
    (f) => {
      console.log(`Attribution top-1 (goal ≥ 95%): ${f.top1}/${f.outputs} outputs of ${f.cases} cases = ${f.top1Pct.toFixed(1)}%`);
      for (const [tool, s] of Object.entries(f.byTool)) {
        console.log(`  ${tool.padEnd(12)} ${String(s.top1).padStart(3)}/${String(s.outputs).padEnd(3)} ${((100 * s.top1) / Math.max(1, s.outputs)).toFixed(1)}%`);
      }
      for (const m of f.misses) console.log(`  miss: ${m}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
