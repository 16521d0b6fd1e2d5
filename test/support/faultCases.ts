/**
 * The fault suite's cases, shared by its tests and `npm run bench`: every fault kind at every
 * site, each run once with the fault and resumed once without it, plus the file-system faults of
 * an apply. The checks the suite makes on every run are here too, as one list of problems.
 */
import { FAULT_KINDS, faultFreeScript, siteName, TASK_IDS, TOO_LONG_NAME, withFault, type FaultKind, type FaultSite } from './faultProject';
import { faultProject, rebilledTurns, runOnce, type CliContext, type RunFacts } from './faultRuns';
import { readOnlyFile, unreplaceableFile, type FileFault } from './fileFaults';

/** The planner's call, and each task's first call and a call in the middle (after one turn is recorded). */
export const TASK_SITES: readonly FaultSite[] = [
  { at: 'planner' },
  ...TASK_IDS.flatMap((taskId): FaultSite[] => [{ at: 'task', taskId, turn: 0 }, { at: 'task', taskId, turn: 1 }]),
];

/** Backend's fix round: its first call, and one after a recorded turn. */
export const FIX_SITES: readonly FaultSite[] = [{ at: 'fix', taskId: 't2', turn: 0 }, { at: 'fix', taskId: 't2', turn: 1 }];

export interface ModelFaultCase {
  readonly site: FaultSite;
  readonly kind: FaultKind;
}

export function modelFaultCases(sites: readonly FaultSite[]): ModelFaultCase[] {
  return sites.flatMap((site) => FAULT_KINDS.map((kind) => ({ site, kind })));
}

export function caseName(c: ModelFaultCase): string {
  return `${c.kind} at ${siteName(c.site)}`;
}

/**
 * The client timeout during a timeout fault's run (see withShortModelTimeout). It applies to every
 * call of that run, so it stays far above what a local scripted answer takes on a loaded machine.
 */
const SHORT_TIMEOUT_MS = 1000;

export interface CaseOutcome {
  readonly name: string;
  readonly faulted: RunFacts;
  readonly resumed: RunFacts;
  /** Turns answered before the fault and paid for again on resume (goal: none). */
  readonly rebilled: readonly string[];
  /** Everything the suite found wrong with the two runs; empty when both behaved. */
  readonly problems: readonly string[];
}

export async function runModelFaultCase(ctx: CliContext, c: ModelFaultCase): Promise<CaseOutcome> {
  const project = await faultProject();
  try {
    const faulted = await runOnce(ctx, project, withFault(faultFreeScript(), c.site, c.kind), c.kind === 'timeout' ? { shortTimeoutMs: SHORT_TIMEOUT_MS } : {});
    const resumed = await runOnce(ctx, project, faultFreeScript(), { resume: faulted.runId ?? '' });
    const rebilled = rebilledTurns(faulted, resumed);
    const fault = `fault: ${caseName(c)}`;
    const problems = [
      ...(faulted.answered[fault] === undefined ? ['the fault was never hit'] : []),
      ...runProblems('faulted run', faulted, 'untouched'),
      ...runProblems('resumed run', resumed, 'applied'),
      ...rebilled.map((t) => `"${t}" was paid for again`),
    ];
    return { name: caseName(c), faulted, resumed, rebilled, problems };
  } finally {
    await project.dispose();
  }
}

export type FileFaultKind = 'read-only file' | 'unreplaceable file' | 'name too long';
export const FILE_FAULT_KINDS: readonly FileFaultKind[] = ['read-only file', 'unreplaceable file', 'name too long'];

/**
 * A fault-free model run whose apply meets a file-system fault, then a resume once the fault is
 * gone (a name too long never goes: its resume must refuse again). Undefined when this machine
 * cannot produce the fault.
 */
export async function runFileFaultCase(ctx: CliContext, kind: FileFaultKind): Promise<(CaseOutcome & { readonly how: string }) | undefined> {
  const project = await faultProject();
  try {
    const script = faultFreeScript({ longName: kind === 'name too long' });
    // Sorted by path, src/store.js is written after src/notes.js and src/render.js: those two are put back.
    let fault: FileFault | undefined;
    if (kind === 'read-only file') fault = await readOnlyFile(project.root, 'src/render.js');
    if (kind === 'unreplaceable file') {
      fault = await unreplaceableFile(project.root, 'src/store.js');
      if (!fault) return undefined;
    }
    let faulted: RunFacts;
    try {
      faulted = await runOnce(ctx, project, script);
    } finally {
      await fault?.undo();
    }
    const resumed = await runOnce(ctx, project, script, { resume: faulted.runId ?? '' });
    const rebilled = rebilledTurns(faulted, resumed);
    const problems = [
      ...runProblems('faulted run', faulted, 'untouched'),
      ...runProblems('resumed run', resumed, kind === 'name too long' ? 'untouched' : 'applied'),
      ...(Object.keys(resumed.answered).length > 0 ? [`the resume asked the model: ${Object.keys(resumed.answered).join(', ')}`] : []),
      ...rebilled.map((t) => `"${t}" was paid for again`),
    ];
    return { name: kind, how: fault?.how ?? `a proposed file whose name is ${TOO_LONG_NAME.split('/').at(-1)?.length ?? 0} characters long`, faulted, resumed, rebilled, problems };
  } finally {
    await project.dispose();
  }
}

/**
 * The checks on one run: one complete JSON object with every task, a closed and intact journal, a
 * workspace untouched or exactly fully applied (and here the one expected), a non-zero exit
 * whenever it was not applied, and no request the script did not expect.
 */
export function runProblems(which: string, f: RunFacts, expected: 'untouched' | 'applied'): string[] {
  const out: string[] = [];
  if (f.jsonProblem) out.push(`${which}: --json: ${f.jsonProblem}`);
  if (f.journalProblem) out.push(`${which}: journal: ${f.journalProblem}`);
  if (f.workspace === 'partial') out.push(`${which}: the workspace was partly written:\n  ${f.workspaceDiff.join('\n  ')}`);
  else if (f.workspace !== expected) out.push(`${which}: the workspace is ${f.workspace}, expected ${expected}`);
  if (f.workspace !== 'applied' && f.exitCode === 0) out.push(`${which}: exit code 0 though nothing was applied`);
  if (expected === 'applied' && f.exitCode !== 0) out.push(`${which}: exit code ${f.exitCode}`);
  if (f.unmatched > 0) out.push(`${which}: ${f.unmatched} request(s) matched no scripted turn`);
  return out.length > 0 ? [...out, `${which} stderr:\n${f.stderr}`] : out;
}

/** The figures of a set of cases: CLI runs, runs that left a partly written workspace, turns paid twice. */
export function faultFigures(outcomes: readonly CaseOutcome[]): { readonly cases: number; readonly runs: number; readonly partialWrites: number; readonly rebilled: number; readonly failedChecks: number } {
  const runs = outcomes.flatMap((o) => [o.faulted, o.resumed]);
  return {
    cases: outcomes.length,
    runs: runs.length,
    partialWrites: runs.filter((r) => r.workspace === 'partial').length,
    rebilled: outcomes.reduce((n, o) => n + o.rebilled.length, 0),
    failedChecks: outcomes.filter((o) => o.problems.length > 0).length,
  };
}
