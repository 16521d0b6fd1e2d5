/**
 * Request changes: the user's comment on a task, file or hunk goes to that task's agent, which
 * revises its own proposal in a round of its own — the fix-round machinery of the squad
 * (`Squad.fix`: recorded turns replayed on resume, the proposal as it stood before the round
 * restored after a crash). The revised files' decisions go back to undecided. Direct dependents
 * that had already proposed get a short round with the new diff (adapt, or confirm unchanged);
 * dependents further down are told on their card. Everything is journaled first, so a resume
 * (`finishPendingRevisions`) finishes a round a crash interrupted without paying for it twice.
 */
import { computeFileDiff, unifiedDiff } from '../changes/hunks';
import { isSquadError, SquadError } from '../common/errors';
import type { RunState } from '../run/reduce';
import type { ReviewScope } from '../run/reviewEvents';
import type { RunSession } from '../run/session';
import { resetRevisedDecisions, type ProposalTexts } from '../review/revisedDecisions';
import type { TaskResult } from '../schedule/scheduler';
import { ancestorsOf } from './ancestors';
import { proposalBefore } from './proposals';
import { dependencyRevisedMessage, revisionRequestMessage } from './revisionPrompt';
import type { Squad } from './squad';

/** What the user asks: a comment on a task, one of its files, or one hunk. */
export interface RevisionRequest {
  /** A task, file or hunk; the whole run is refused (revisionProblem). */
  readonly scope: ReviewScope;
  readonly comment: string;
}

export interface RevisionOutcome {
  readonly taskId: string;
  readonly round: number;
  readonly result: TaskResult;
  /** Dependents that got a round of their own, and those only told. */
  readonly dependents: readonly string[];
  readonly told: readonly string[];
}

/** Why this request cannot be honoured now, in words for the user; undefined when it can. */
export function revisionProblem(state: RunState, request: RevisionRequest): string | undefined {
  if (request.scope.kind === 'run') return 'Request changes on a task, a file or a hunk, not on the whole run.';
  if (request.comment.trim() === '') return 'Write what should change: the comment is empty.';
  const t = state.tasks[request.scope.taskId];
  if (!t) return `There is no task ${request.scope.taskId} in this run.`;
  if (t.status !== 'proposed') return `${t.task.id} has no proposal to revise now (it is ${t.status}).`;
  const { scope } = request;
  if (scope.kind === 'task') return undefined;
  const file = t.changes.find((c) => c.path === scope.path);
  if (!file) return `${t.task.id} proposes no change to ${scope.path} any more.`;
  if (scope.kind === 'hunk' && !hunkText(file, scope.hunkId)) return `That change to ${scope.path} is no longer in ${t.task.id}'s proposal (it was revised since); look at the file again.`;
  return undefined;
}

/** Runs one revision the user asked for (after finishing any a crash interrupted). */
export async function reviseWithSquad(session: RunSession, squad: Squad, request: RevisionRequest, signal: AbortSignal): Promise<RevisionOutcome> {
  await finishPendingRevisions(session, squad, signal);
  const problem = revisionProblem(session.state, request);
  const { scope } = request;
  if (problem || scope.kind === 'run') throw new SquadError('config/invalid', problem ?? 'Request changes on a task, a file or a hunk.');
  const round = nextRound(session.state);
  const file = scope.kind === 'task' ? undefined : session.state.tasks[scope.taskId]!.changes.find((c) => c.path === scope.path);
  const excerpt = scope.kind === 'hunk' && file ? hunkText(file, scope.hunkId) : undefined;
  await session.emit({ type: 'revision.requested', taskId: scope.taskId, round, scope, comment: request.comment.trim(), ...(excerpt ? { excerpt } : {}) });
  const outcome = await runRequested(session, squad, scope.taskId, round, signal);
  // The run worked again after its end: its journal closes on its outcome again (as a resumed run's does).
  const plan = session.state.plan;
  const done = plan?.tasks.every((t) => session.state.tasks[t.id]?.status === 'proposed') ?? false;
  await session.emit({ type: 'run.finished', outcome: done ? 'completed' : 'incomplete' });
  return outcome;
}

/** Finishes the revision rounds (and dependents' rounds) a crash or a cancel left open, replaying what they recorded. */
export async function finishPendingRevisions(session: RunSession, squad: Squad, signal: AbortSignal): Promise<void> {
  for (const r of session.state.revisions.requests) {
    if (open(session, r.taskId, r.round)) await runRequested(session, squad, r.taskId, r.round, signal);
  }
  for (const n of session.state.revisions.notices) {
    if (n.round !== undefined && open(session, n.taskId, n.round)) await runDependentRound(session, squad, n.taskId, n.dependency, n.round, signal);
  }
}

async function runRequested(session: RunSession, squad: Squad, taskId: string, round: number, signal: AbortSignal): Promise<RevisionOutcome> {
  const request = session.state.revisions.requests.find((r) => r.taskId === taskId && r.round === round)!;
  const t = session.state.tasks[taskId]!;
  const result = await runRound(session, squad, taskId, round, signal, (before) =>
    revisionRequestMessage({
      task: t.task,
      scope: request.scope,
      comment: request.comment,
      ...(request.excerpt ? { excerpt: request.excerpt } : {}),
      ...(t.summary ? { summary: t.summary } : {}),
      ownDiff: diffOf(before),
    }),
  );
  if (result.outcome !== 'proposed') return { taskId, round, result, dependents: [], told: [] };
  const { direct, further } = await tellDependents(session, taskId, round);
  for (const [dependent, dependentRound] of direct) await runDependentRound(session, squad, dependent, taskId, dependentRound, signal);
  return { taskId, round, result, dependents: [...direct.keys()], told: further };
}

/**
 * Journals who is told, once per revision round: direct dependents that proposed get a round
 * number, those further down only the notice. Returns the rounds to run.
 */
async function tellDependents(session: RunSession, taskId: string, round: number): Promise<{ direct: Map<string, number>; further: string[] }> {
  const plan = session.state.plan;
  const direct = new Map<string, number>();
  const further: string[] = [];
  if (!plan) return { direct, further };
  const ancestors = ancestorsOf(plan);
  for (const task of plan.tasks) {
    if (!ancestors.get(task.id)?.has(taskId) || session.state.tasks[task.id]?.status !== 'proposed') continue;
    const told = session.state.revisions.notices.find((n) => n.taskId === task.id && n.dependency === taskId && n.dependencyRound === round);
    const isDirect = task.dependsOn.includes(taskId);
    if (!told) {
      const dependentRound = isDirect ? nextRound(session.state) : undefined;
      await session.emit({ type: 'dependency.revised', taskId: task.id, dependency: taskId, dependencyRound: round, ...(dependentRound ? { round: dependentRound } : {}) });
    }
    const notice = session.state.revisions.notices.find((n) => n.taskId === task.id && n.dependency === taskId && n.dependencyRound === round)!;
    if (notice.round !== undefined) direct.set(task.id, notice.round);
    else further.push(task.id);
  }
  return { direct, further };
}

async function runDependentRound(session: RunSession, squad: Squad, taskId: string, dependency: string, round: number, signal: AbortSignal): Promise<TaskResult> {
  const t = session.state.tasks[taskId]!;
  const dep = session.state.tasks[dependency]!;
  const asked = [...session.state.revisions.requests].reverse().find((r) => r.taskId === dependency);
  return runRound(session, squad, taskId, round, signal, () =>
    dependencyRevisedMessage({
      task: t.task,
      dependency: dep.task,
      ...(asked ? { comment: asked.comment } : {}),
      dependencyDiff: diffOf(Object.fromEntries(dep.changes.map((c) => [c.path, { base: c.base, content: c.content }]))),
      ...(t.summary ? { summary: t.summary } : {}),
    }),
  );
}

/**
 * One round through `Squad.fix`. The decisions are reset and only then is the round closed
 * (`fix.finished`): a crash in between replays the round (paid for already) and resets again.
 */
async function runRound(session: RunSession, squad: Squad, taskId: string, round: number, signal: AbortSignal, message: (before: ProposalTexts) => string): Promise<TaskResult> {
  if (!session.events.some((e) => e.type === 'fix.started' && e.taskId === taskId && e.round === round)) {
    await session.emit({ type: 'fix.started', taskId, round });
  }
  const before = proposalBefore(session, taskId, round) ?? {};
  let result: TaskResult;
  try {
    result = await squad.fix(taskId, round, message(before), signal);
  } catch (err) {
    const cancelled = isSquadError(err, 'cancelled') || signal.aborted;
    const reason = err instanceof Error ? err.message : String(err);
    await session.emit({ type: 'fix.finished', taskId, round, outcome: cancelled ? 'cancelled' : 'failed', reason, code: cancelled ? 'cancelled' : isSquadError(err) ? err.code : 'internal' });
    throw err;
  }
  if (result.outcome === 'proposed') {
    await resetRevisedDecisions(session, taskId, before);
    await session.emit({ type: 'fix.finished', taskId, round, outcome: 'revised', summary: result.summary });
  } else {
    await session.emit({ type: 'fix.finished', taskId, round, outcome: 'failed', reason: result.reason, ...(result.code ? { code: result.code } : {}) });
  }
  return result;
}

/** A round is open until it finished; one a cancel or a failed model call stopped runs again (its recorded turns replayed). */
function open(session: RunSession, taskId: string, round: number): boolean {
  const last = session.events.findLast((e) => e.type === 'fix.finished' && e.taskId === taskId && e.round === round);
  if (last?.type !== 'fix.finished') return true;
  return last.outcome === 'cancelled' || (last.outcome === 'failed' && (last.code ?? '').startsWith('llm/') && last.code !== 'llm/context_length');
}

/**
 * Rounds are numbered per run, after every round already used and the test loop's limit, so a
 * revision never shares its number (and its recorded turns) with a fix round of the same task.
 */
export function nextRound(state: RunState): number {
  let max = state.tests.maxFixRounds;
  for (const r of state.tests.rounds) max = Math.max(max, r.round);
  for (const t of Object.values(state.tasks)) {
    for (const h of t.history) max = Math.max(max, h.round);
    for (const k of Object.keys(t.fixTurns)) max = Math.max(max, Number(k));
    if (t.fixRound !== undefined) max = Math.max(max, t.fixRound);
  }
  for (const r of state.revisions.requests) max = Math.max(max, r.round);
  for (const n of state.revisions.notices) max = Math.max(max, n.round ?? 0);
  return max + 1;
}

function hunkText(file: { readonly path: string; readonly base: string | null; readonly content: string | null }, hunkId: string): string | undefined {
  const hunk = computeFileDiff(file.path, file.base ?? undefined, file.content ?? undefined).hunks.find((h) => h.id === hunkId);
  return hunk ? hunk.lines.join('\n') : undefined;
}

function diffOf(texts: ProposalTexts): string {
  return Object.entries(texts).map(([path, c]) => unifiedDiff(computeFileDiff(path, c.base ?? undefined, c.content ?? undefined))).join('\n');
}
