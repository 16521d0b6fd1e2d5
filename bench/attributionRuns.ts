/**
 * Failure attribution measured on real test runs in the situations squad users are in
 * (bench/attribution-runs/cases, described in its README): each case is materialised into a
 * fresh workspace, the tasks' changes are handed to the evaluation (the real loop: baseline,
 * runs, attribution) and its verdict is scored. A top-1 hit: for a routed case, the owner is the
 * expected task; for a baseline case (failures that are there without the squad), nothing is
 * routed — the metric the product promises ("never sent to an agent"), whether the loop calls it
 * pre-existing or stops because the command cannot run; how often the kind itself agrees is
 * printed too. Goal ≥ 95% in each setting.
 *
 *   node --import tsx bench/attributionRuns.ts [--held-out] [id-substring…]
 */
import { pathToFileURL } from 'node:url';
import { CASES_DIR, HELD_OUT_DIR, type LoadedCase, layerTasks, loadCases } from './attributionRuns/cases';
import { materialise } from './attributionRuns/materialise';
import { evaluateLoop } from './attributionRuns/evaluate';
import type { CaseVerdict, EvaluateCase } from './attributionRuns/types';

const DEFAULT_TIMEOUT_MS = 120_000;

export interface Tally {
  cases: number;
  hits: number;
}

export interface CaseOutcome {
  readonly id: string;
  readonly setting: string;
  readonly runner: string;
  readonly origin: string;
  readonly hit: boolean;
  /** The verdict's kind (and owner) is exactly the expected one. */
  readonly exact?: boolean;
  readonly expected: string;
  readonly verdict?: CaseVerdict;
  readonly error?: string;
  readonly ms: number;
}

export interface RunsFigures {
  cases: number;
  hits: number;
  bySetting: Record<string, Tally>;
  byRunner: Record<string, Tally>;
  /** own code, npm package, Debian package */
  byOrigin: Record<string, Tally>;
  outcomes: CaseOutcome[];
  wallMs: number;
}

export interface RunsOptions {
  readonly evaluate?: EvaluateCase;
  /** Only the cases whose id contains one of these. */
  readonly only?: readonly string[];
  /** The folder of cases: bench/attribution-runs/cases unless given (the held-out set). */
  readonly dir?: string;
  readonly onCase?: (outcome: CaseOutcome) => void;
  readonly signal?: AbortSignal;
}

const expectedText = (c: LoadedCase) => (c.expected.kind === 'routed' ? `routed to ${c.expected.owner ?? '?'}` : c.expected.kind);
const verdictText = (v: CaseVerdict) => (v.kind === 'routed' ? `routed to ${v.owner ?? '?'}` : v.kind);

/** One case: materialise, layer the tasks' changes, evaluate, score. */
export async function runCase(c: LoadedCase, evaluate: EvaluateCase, signal: AbortSignal): Promise<CaseOutcome> {
  const started = performance.now();
  const base = { id: c.id, setting: c.setting, runner: c.runner, origin: c.origin.split(':')[0] ?? c.origin, expected: expectedText(c) };
  let ws: Awaited<ReturnType<typeof materialise>> | undefined;
  try {
    ws = await materialise(c);
    const tasks = await layerTasks(c, ws.readBase);
    const verdict = await evaluate({ root: ws.root, command: c.command, timeoutMs: c.timeoutMs ?? DEFAULT_TIMEOUT_MS, tasks }, signal);
    const exact = verdict.kind === c.expected.kind && (verdict.kind !== 'routed' || verdict.owner === c.expected.owner);
    const hit = c.setting === 'baseline' ? verdict.kind === 'pre-existing' || verdict.kind === 'cannot-run' : exact;
    return { ...base, hit, exact, verdict, ms: performance.now() - started };
  } catch (err) {
    return { ...base, hit: false, error: err instanceof Error ? err.message : String(err), ms: performance.now() - started };
  } finally {
    await ws?.dispose();
  }
}

export async function benchAttributionRuns(options: RunsOptions = {}): Promise<RunsFigures> {
  const started = performance.now();
  const only = options.only ?? [];
  const cases = await loadCases(options.dir ?? CASES_DIR, only.length === 0 ? undefined : (id) => only.some((s) => id.includes(s)));
  const figures: RunsFigures = { cases: 0, hits: 0, bySetting: {}, byRunner: {}, byOrigin: {}, outcomes: [], wallMs: 0 };
  const signal = options.signal ?? new AbortController().signal;
  // One case at a time: test commands are timed by their runners, and the machine is shared.
  for (const c of cases) {
    if (signal.aborted) break;
    const outcome = await runCase(c, options.evaluate ?? evaluateLoop, signal);
    figures.outcomes.push(outcome);
    figures.cases++;
    for (const t of [(figures.bySetting[outcome.setting] ??= { cases: 0, hits: 0 }), (figures.byRunner[outcome.runner] ??= { cases: 0, hits: 0 }), (figures.byOrigin[outcome.origin] ??= { cases: 0, hits: 0 })]) {
      t.cases++;
      if (outcome.hit) t.hits++;
    }
    if (outcome.hit) figures.hits++;
    options.onCase?.(outcome);
  }
  figures.wallMs = performance.now() - started;
  return figures;
}

export const pct = (t: Tally) => `${t.hits}/${t.cases} = ${(t.cases === 0 ? 0 : (100 * t.hits) / t.cases).toFixed(1)}%`;

/** `id: expected X, got Y — detail` for each case scored a miss. */
export function missLines(figures: RunsFigures): string[] {
  return figures.outcomes
    .filter((o) => !o.hit)
    .map((o) => `${o.id} [${o.setting}, ${o.runner}]: expected ${o.expected}, got ${o.verdict ? `${verdictText(o.verdict)} — ${o.verdict.detail}` : `error — ${o.error ?? ''}`}`);
}

/** Rows (label, value) of the figures, for the CLI and bench/index.ts. */
export function figureRows(figures: RunsFigures): [string, string][] {
  const rows: [string, string][] = [];
  for (const [setting, t] of Object.entries(figures.bySetting)) rows.push([`setting ${setting}`, pct(t)]);
  for (const [runner, t] of Object.entries(figures.byRunner)) rows.push([`runner ${runner}`, pct(t)]);
  for (const [origin, t] of Object.entries(figures.byOrigin)) rows.push([`code ${origin}`, pct(t)]);
  rows.push([`top-1, ${figures.cases} cases`, pct(figures)]);
  const baseline = figures.outcomes.filter((o) => o.setting === 'baseline');
  rows.push(['baseline cases routed to an agent (goal 0)', String(baseline.filter((o) => o.verdict?.kind === 'routed').length)]);
  rows.push(['baseline cases, kind exactly as expected', `${baseline.filter((o) => o.exact).length}/${baseline.length}`]);
  rows.push(['wall time', `${(figures.wallMs / 1000).toFixed(1)} s`]);
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const only = args.filter((a) => a !== '--held-out');
  benchAttributionRuns({
    only,
    dir: args.includes('--held-out') ? HELD_OUT_DIR : CASES_DIR,
    onCase: (o) => console.log(`${o.hit ? 'hit ' : 'MISS'} ${o.id.padEnd(48)} ${(o.ms / 1000).toFixed(1).padStart(5)} s  ${o.verdict ? verdictText(o.verdict) : `error: ${o.error ?? ''}`}`),
  }).then(
    (f) => {
      console.log('\nAttribution on real runs (goal ≥ 95% top-1 in each setting)');
      for (const [label, value] of figureRows(f)) console.log(`  ${label.padEnd(40)} ${value}`);
      for (const miss of missLines(f)) console.log(`  miss ${miss}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
