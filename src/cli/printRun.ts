/** The result of `squad run`: each task's status and diffs, usage per task and in total. */
import { computeFileDiff, unifiedDiff } from '../core/changes/hunks';
import type { RunState } from '../core/run/reduce';
import type { TaskState } from '../core/run/taskState';
import type { RoundInstructions } from '../core/run/instructionEvents';
import { isUsageCode } from './failures';
import { EXIT_USAGE } from './io';
import { formatUsage, rosterJson, usageJson } from './print';
import { ZERO_USAGE_TOTALS } from '../core/run/reduce';

function taskDiffs(task: TaskState): { path: string; kind: string; added: number; removed: number; diff: string }[] {
  return task.changes.map((c) => {
    const d = computeFileDiff(c.path, c.base ?? undefined, c.content ?? undefined);
    return { path: c.path, kind: d.kind, added: d.added, removed: d.removed, diff: unifiedDiff(d) };
  });
}

export function formatRunResult(state: RunState, applyRequested = false): string {
  const out: string[] = [];
  for (const task of Object.values(state.tasks)) {
    const t = task.task;
    const why = task.status === 'proposed' ? task.summary : task.reason;
    const revised = task.history.filter((h) => h.outcome === 'revised').map((h) => h.round);
    const status = revised.length > 0 ? `${task.status} (revised in round ${revised.join(', ')})` : task.status;
    out.push(`=== ${t.id} [${t.role}] ${t.title} — ${status}${why ? `: ${why}` : ''}`);
    const instructions = instructionsLine(task.instructions);
    if (instructions) out.push(`    ${instructions}`);
    for (const file of taskDiffs(task)) out.push(`--- ${file.path} (${file.kind}, +${file.added} −${file.removed})`, file.diff.trimEnd());
    out.push(`    ${formatUsage(state.usageByTask[t.id] ?? ZERO_USAGE_TOTALS)}`, '');
  }
  out.push(...formatTests(state));
  out.push(`run ${state.runId}: ${state.status}`, `total ${formatUsage(state.usage)}`);
  const applied = standingApply(state);
  if (applied) {
    out.push(`applied ${applied.files.length} file(s) (checkpoint ${applied.checkpointId}; undo with: squad rollback ${state.runId})`);
  } else if (applyRequested && state.review.notApplied) {
    out.push(state.review.notApplied.reason, ...state.review.notApplied.problems.map((p) => `  - ${p}`));
    // A write the OS refused needs the workspace fixed, not the run continued.
    out.push(state.review.notApplied.kind === 'failed'
      ? `Once the workspace can be written: squad apply ${state.runId}.`
      : `When it is ready: squad run --resume ${state.runId} to continue it, or squad apply ${state.runId} [--task ID] to apply what you choose.`);
  } else if (Object.values(state.tasks).some((t) => t.changes.length > 0)) {
    out.push(`Nothing was written to the workspace (use --apply, or later: squad apply ${state.runId}).`);
  }
  return `${out.join('\n')}\n`;
}

/** "project instructions: AGENTS.md, api/AGENTS.md (cut: CLAUDE.md; left out: .clinerules)", over every round. */
export function instructionsLine(rounds: readonly RoundInstructions[] | undefined): string | undefined {
  const latest = new Map<string, string>();
  for (const r of rounds ?? []) for (const f of r.files) latest.set(f.path, f.status);
  const pathsWith = (status: string) => [...latest].filter(([, s]) => s === status).map(([p]) => p);
  const whole = pathsWith('whole');
  const cut = pathsWith('truncated');
  const out = pathsWith('omitted');
  if (whole.length + cut.length + out.length === 0) return undefined;
  const notes = [cut.length > 0 ? `cut: ${cut.join(', ')}` : '', out.length > 0 ? `left out: ${out.join(', ')}` : ''].filter((n) => n !== '');
  return `project instructions: ${whole.length > 0 ? whole.join(', ') : 'none whole'}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

function standingApply(state: RunState) {
  return [...state.review.applies].reverse().find((a) => !a.rolledBack);
}

/**
 * 0: every task proposed, the tests passed (or were not configured), and an apply that was asked
 * for happened; 2 when a task failed on a configuration error (its model or request refused by
 * the provider); 1 otherwise (the message says what to do).
 */
export function runExitCode(state: RunState, applyRequested: boolean): number {
  if (Object.values(state.tasks).some((t) => t.status === 'failed' && isUsageCode(t.code))) return EXIT_USAGE;
  const settled = state.tests.settled?.outcome;
  const testsOk = settled === undefined || settled === 'passed';
  const appliedOk = !applyRequested || standingApply(state) !== undefined;
  return state.status === 'completed' && testsOk && appliedOk ? 0 : 1;
}

function formatTests(state: RunState): string[] {
  const tests = state.tests;
  if (!tests.command) return [];
  const out = [`=== tests: ${tests.command}`];
  for (const round of tests.rounds) {
    out.push(`round ${round.round}: ${round.failed} failed, ${round.passed} passed${round.timedOut ? ', timed out' : ''}`);
    for (const f of round.failures) {
      const target = f.kind === 'routed' ? `${f.file ?? '?'} → ${f.taskId ?? '?'}` : f.kind;
      out.push(`  ✖ ${f.test}: ${f.message.split('\n', 1)[0] ?? ''} [${target}]`);
    }
    for (const [taskId, tests] of Object.entries(round.routed)) out.push(`  → ${taskId} asked to fix ${tests.length} test(s)`);
  }
  if (tests.settled) out.push(`tests ${tests.settled.outcome}: ${tests.settled.summary}`);
  return [...out, ''];
}

export function runJson(state: RunState): Record<string, unknown> {
  return {
    runId: state.runId,
    request: state.request,
    status: state.status,
    plan: state.plan,
    roles: rosterJson(state.roster),
    tasks: Object.values(state.tasks).map((task) => ({
      id: task.task.id,
      role: task.task.role,
      title: task.task.title,
      status: task.status,
      model: task.model ?? null,
      summary: task.summary ?? null,
      reason: task.reason ?? null,
      files: taskDiffs(task),
      usage: usageJson(state.usageByTask[task.task.id] ?? ZERO_USAGE_TOTALS),
      history: task.history,
      instructions: task.instructions ?? [],
    })),
    plannerInstructions: state.plannerInstructions ?? null,
    usage: usageJson(state.usage),
    tests: state.tests.command
      ? {
          command: state.tests.command,
          outcome: state.tests.settled?.outcome ?? null,
          summary: state.tests.settled?.summary ?? null,
          baseline: state.tests.baseline ?? null,
          rounds: state.tests.rounds,
          weakened: state.tests.weakened,
          disputes: state.tests.disputes,
        }
      : state.tests.skipped ? { skipped: state.tests.skipped.reason } : null,
    applied: standingApply(state) ?? null,
    notApplied: state.review.notApplied ?? null,
  };
}
