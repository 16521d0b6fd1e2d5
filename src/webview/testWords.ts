/**
 * What the test part of the sidebar says, in words a user understands: how the loop ended, the
 * baseline, where a test command would run, a failure's other suspect, a dispute. Pure (no DOM),
 * so the wording is unit-tested.
 */
import type { TestOutcome, ViewBaseline, ViewDispute, ViewFailure, ViewSelection, ViewTask, ViewTestGate, ViewTests } from '../protocol/messages';

/** ok: green; warn: needs a look; bad: did not work; busy: under way; wait: waits for the user; quiet: nothing to judge. */
export type Tone = 'ok' | 'warn' | 'bad' | 'busy' | 'wait' | 'quiet';

export interface Headline {
  readonly tone: Tone;
  /** A word or two for the section's head. */
  readonly short: string;
  /** The sentence at the top of the section; '' when the rounds say it all. */
  readonly text: string;
  /** What else to know (the loop's summary, the reason and what to try). */
  readonly details: readonly string[];
}

const OUTCOMES: Record<TestOutcome, { tone: Tone; short: string; text: string }> = {
  passed: { tone: 'ok', short: 'passed', text: 'The tests pass with the proposed changes.' },
  failing: { tone: 'bad', short: 'failing', text: 'Tests still fail after the fix rounds.' },
  'pre-existing': { tone: 'warn', short: 'only old failures', text: 'Only tests that already failed before the squad\'s changes still fail.' },
  'no-tests': { tone: 'warn', short: 'no tests ran', text: 'The test command ran no tests.' },
  error: { tone: 'bad', short: 'error', text: 'The tests could not be run.' },
  cancelled: { tone: 'quiet', short: 'cancelled', text: 'The tests were cancelled.' },
  // Never a green "passed": the pass holds only because a test asks for less than it did.
  weakened: { tone: 'warn', short: 'weakened: review', text: 'Tests pass only because a fix loosened a test — review it.' },
  'cannot-run': { tone: 'bad', short: 'cannot run', text: 'The test command cannot run in this workspace, with or without the squad\'s changes.' },
  'needs-approval': { tone: 'warn', short: 'not allowed', text: 'Tests not run: a proposal changed what the test command runs, and that was not allowed.' },
};

const isOutcome = (o: string): o is TestOutcome => Object.hasOwn(OUTCOMES, o);

export function testsHeadline(tests: ViewTests): Headline {
  if (tests.gate) return { tone: 'wait', short: 'waiting for you', text: '', details: [] };
  const s = tests.settled;
  if (s) {
    const known = isOutcome(s.outcome) ? OUTCOMES[s.outcome] : undefined;
    const cannot = s.outcome === 'cannot-run' ? tests.baseline?.cannotRun : undefined;
    const details = cannot ? [cannot.reason, `Try: ${cannot.hint}`] : [];
    if (!known) return { tone: 'quiet', short: s.outcome, text: s.summary, details };
    // The loop ran on every proposal: when the user accepted something else, it says so and no more.
    if (tests.selection) return selectionHeadline(known, s.outcome, s.summary, tests.selection, details);
    // The loop's own summary names rounds and counts: it goes under the sentence.
    if (s.summary && s.summary !== known.text && !details.includes(s.summary)) details.push(s.summary);
    return { ...known, details };
  }
  if (tests.skipped) {
    return { tone: 'warn', short: 'not run', text: `The tests will not run: ${tests.skipped.reason}.`, details: [] };
  }
  const last = tests.rounds.at(-1);
  if (last?.status === 'running') return { tone: 'busy', short: 'running', text: '', details: [] };
  if (last?.status === 'interrupted') return { tone: 'warn', short: 'interrupted', text: 'The run stopped while the tests ran: Resume runs them again.', details: [] };
  if (last) return { tone: last.failed > 0 ? 'bad' : 'ok', short: `${last.failed} failed`, text: '', details: [] };
  return { tone: 'quiet', short: '', text: '', details: [] };
}

/**
 * The loop's verdict when the accepted selection is not what it ran on: a pass is a pass on all
 * proposals only; the run on exactly the selection, when there is one, says the rest.
 */
function selectionHeadline(known: { tone: Tone; short: string; text: string }, outcome: string, summary: string, selection: ViewSelection, details: string[]): Headline {
  const onAll = summary ? [`On all proposals: ${summary}`] : [];
  const run = selection.run;
  const ranOk = run !== undefined && run.failed === 0 && run.exitCode === 0 && !run.timedOut && !run.cannotRun;
  if (outcome === 'passed') {
    if (!run) return { tone: 'warn', short: 'passed on all proposals', text: 'The tests pass on all proposals; the selection you accepted was not tested.', details: [...onAll, ...details] };
    return ranOk
      ? { tone: 'ok', short: 'passed', text: 'The tests pass on all proposals and on the selection you accepted.', details: [...onAll, ...details] }
      : { tone: 'bad', short: 'fail on selection', text: 'The tests pass on all proposals, but fail on the selection you accepted.', details: [...onAll, ...details] };
  }
  const where = run ? (ranOk ? 'On the selection you accepted they pass.' : 'They fail on the selection you accepted too.') : 'They ran on all proposals; the selection you accepted was not tested.';
  return { ...known, details: [...onAll, where, ...details] };
}

/** "3 tests already failed before the squad's changes: not routed". */
export function baselineLine(b: ViewBaseline): string {
  if (b.cannotRun) return `Before the squad's changes the command could not run: ${b.cannotRun.reason}`;
  const cached = b.cached ? ' (remembered from an earlier run on the same files)' : '';
  if (b.failed === 0) return `Before the squad's changes: ${b.passed} passed, none failed${cached}.`;
  const n = b.failed === 1 ? '1 test already failed' : `${b.failed} tests already failed`;
  return `${n} before the squad's changes: not routed to any agent${cached}.`;
}

/** Where the command would run: the sandbox, or a plain warning that there is none. */
export function gateWhere(gate: ViewTestGate): { sandboxed: boolean; text: string } {
  if (gate.sandbox.kind === 'none') {
    return {
      sandboxed: false,
      text: `No sandbox here: the command runs with your rights on this machine, and is allowed for this run only. ${gate.sandbox.description}`.trim(),
    };
  }
  return { sandboxed: true, text: `In a sandbox: ${gate.sandbox.description}` };
}

/** The question itself: first time, or asked again because a proposal changed what runs. */
export function gateTitle(gate: ViewTestGate): string {
  if (gate.changes.length === 0) return 'Squad asks before it runs the tests';
  const paths = gate.changes.map((c) => c.path).join(', ');
  return `A proposal changed what the tests run (${paths}): allow it again?`;
}

/** The other task the evidence named for a failure. */
export function runnerUpLine(r: NonNullable<ViewFailure['runnerUp']>, tasks: ReadonlyMap<string, ViewTask>): string {
  const role = tasks.get(r.taskId)?.role;
  return `Also possible: ${role ? `${role} (${r.taskId})` : r.taskId}${r.file ? ` in ${r.file}` : ''}: ${r.reason}`;
}

/** "backend-1 disputes 'due dates sort…': <reason>". */
export function disputeLine(d: ViewDispute): string {
  return `${d.taskId} disputes '${shorten(d.test, 40)}': ${d.reason}`;
}

/** The card's badge: which tests a fix of this task loosened. */
export function weakenedBadge(tests: readonly string[]): { text: string; label: string } {
  const what = tests.length === 1 ? 'weakened test' : `${tests.length} weakened tests`;
  return {
    text: `${what}: ${tests.map((t) => shorten(t, 40)).join(', ')}`,
    label: `A fix of this task loosened ${tests.length === 1 ? 'a test' : `${tests.length} tests`}: ${tests.join(', ')}. Review before you accept.`,
  };
}

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
