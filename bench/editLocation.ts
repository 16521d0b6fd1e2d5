/**
 * How well and how fast edits are located and applied: a generated corpus (seeded) of edits in
 * five languages, each applied with applyEdits and compared with the file it should produce.
 * Goals: 0 applied wrongly; ≥ 97% of drifted (whitespace, indentation) edits applied correctly.
 * Run directly with `node --import tsx bench/editLocation.ts`.
 */
import { pathToFileURL } from 'node:url';
import { applyEdits } from '../src/core/changes/match';
import { buildCorpus, CATEGORIES, DRIFTED, makeCase, type Category, type EditCase } from './editCorpus';
import { generateFile, LANGS, seeded } from './editSource';

export interface CategoryScore {
  total: number;
  appliedCorrectly: number;
  refused: number;
  appliedWrongly: number;
}

export interface EditLocationFigures {
  cases: number;
  byCategory: Record<string, CategoryScore>;
  driftedAppliedCorrectlyPct: number;
  msPerEditOn10kLines: number;
  /** Median ms per edit on the 10,000-line file, per category. */
  msByCategoryOn10kLines: Record<string, number>;
  /** A few wrongly applied cases, for debugging (path and category). */
  wrong: string[];
}

export interface EditLocationOptions {
  seed?: number;
  perCategory?: number;
  /** Edits per category timed on the 10,000-line file. */
  timedEdits?: number;
  /** Runs per timed edit (its median counts). */
  runsPerEdit?: number;
}

function outcome(c: EditCase): 'appliedCorrectly' | 'refused' | 'appliedWrongly' {
  let result: string;
  try {
    result = applyEdits(c.file, [c.edit], c.path).content;
  } catch {
    return 'refused';
  }
  return c.expected !== undefined && result === c.expected ? 'appliedCorrectly' : 'appliedWrongly';
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

function timeOn10kLines(seed: number, perCategory: number, runs: number): { overall: number; byCategory: Record<string, number> } {
  const r = seeded(seed + 1);
  const lang = LANGS[0]!;
  const lines = generateFile(r, lang, 10_000);
  const byCategory: Record<string, number> = {};
  const all: number[] = [];
  const timed: Category[] = ['exact', 'whitespace', 'indentation', 'fuzzy', 'stale'];
  for (const category of timed) {
    const perEdit: number[] = [];
    for (let attempts = 0; perEdit.length < perCategory && attempts < perCategory * 50; attempts++) {
      const c = makeCase(r, lang, lines, category, '\n', 'big.ts');
      if (!c) continue;
      outcome(c); // warm-up
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        outcome(c);
        times.push(performance.now() - t0);
      }
      perEdit.push(median(times));
    }
    byCategory[category] = round(median(perEdit));
    all.push(...perEdit);
  }
  return { overall: round(median(all)), byCategory };
}

export function benchEditLocation(options: EditLocationOptions = {}): EditLocationFigures {
  const seed = options.seed ?? 20240601;
  const corpus = buildCorpus(seeded(seed), options.perCategory ?? 200);
  const byCategory: Record<string, CategoryScore> = {};
  for (const category of CATEGORIES) byCategory[category] = { total: 0, appliedCorrectly: 0, refused: 0, appliedWrongly: 0 };
  const wrong: string[] = [];
  for (const c of corpus) {
    const score = byCategory[c.category]!;
    const o = outcome(c);
    score.total++;
    score[o]++;
    if (o === 'appliedWrongly' && wrong.length < 10) wrong.push(`${c.category} ${c.path}`);
  }
  const drifted = DRIFTED.map((d) => byCategory[d]!);
  const driftedTotal = drifted.reduce((n, s) => n + s.total, 0);
  const driftedOk = drifted.reduce((n, s) => n + s.appliedCorrectly, 0);
  const timing = timeOn10kLines(seed, options.timedEdits ?? 20, options.runsPerEdit ?? 5);
  return {
    cases: corpus.length,
    byCategory,
    driftedAppliedCorrectlyPct: driftedTotal === 0 ? 0 : round((100 * driftedOk) / driftedTotal, 1),
    msPerEditOn10kLines: timing.overall,
    msByCategoryOn10kLines: timing.byCategory,
    wrong,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = benchEditLocation();
  console.log(`edit location: ${f.cases} cases (goal: 0 applied wrongly, ≥ 97% of drifted edits applied correctly)`);
  console.log(`${'category'.padEnd(12)} ${'total'.padStart(6)} ${'correct'.padStart(8)} ${'refused'.padStart(8)} ${'wrong'.padStart(6)}`);
  for (const [name, s] of Object.entries(f.byCategory)) {
    console.log(`${name.padEnd(12)} ${String(s.total).padStart(6)} ${String(s.appliedCorrectly).padStart(8)} ${String(s.refused).padStart(8)} ${String(s.appliedWrongly).padStart(6)}`);
  }
  console.log(`drifted applied correctly: ${f.driftedAppliedCorrectlyPct}%`);
  console.log(`ms per edit on a 10,000-line file (median): ${f.msPerEditOn10kLines}`);
  console.log(`  by category: ${Object.entries(f.msByCategoryOn10kLines).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (f.wrong.length > 0) console.log(`applied wrongly: ${f.wrong.join('; ')}`);
}
