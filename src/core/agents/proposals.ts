/** Moving proposals between the change set (memory) and the run's events (the journal). */
import type { ChangeSet } from '../changes/changeSet';
import { sha256Hex } from '../common/sha256';
import type { Plan } from '../plan/schema';
import { proposalTexts, type ProposalText } from '../run/blobs';
import { storeTexts } from '../run/blobWriter';
import type { RunEvent } from '../run/events';
import type { RunSession } from '../run/session';

type FileChangesJSON = Record<string, { base: string | null; content: string | null }>;

/** One file of a proposal by the hashes of its texts. */
export interface ProposalRef {
  readonly path: string;
  readonly base: string | null;
  readonly content: string | null;
}

/**
 * Records the task's proposal: each text not journaled yet as a blob (splices of its previous
 * version or base where smaller), then `proposal.updated` naming them. `turn`: the agent turn whose
 * tools changed it (absent after a rebase).
 */
export async function publishProposal(session: RunSession, changes: ChangeSet, taskId: string, round: number, turn?: number): Promise<void> {
  const diffs = changes.fileDiffs(taskId);
  const current = textsOf(changes, taskId);
  const before = new Map((session.state.tasks[taskId]?.changes ?? []).map((c) => [c.path, c.content]));
  const hashes = await storeTexts(session, current.flatMap((c) => [
    ...(c.base === null ? [] : [{ text: c.base }]),
    ...(c.content === null ? [] : [{ text: c.content, near: [before.get(c.path), c.base] }]),
  ]));
  const hash = (text: string | null): string | null => (text === null ? null : hashes.get(text)!);
  await session.emit({
    type: 'proposal.updated',
    taskId,
    round,
    ...(turn === undefined ? {} : { turn }),
    files: diffs.map((d) => ({ path: d.path, kind: d.kind, added: d.added, removed: d.removed })),
    texts: current.map((c) => ({ path: c.path, base: hash(c.base), content: hash(c.content) })),
  });
}

/**
 * Compares the task's proposal now with the one journaled after `turn` of `round`: 'same', the
 * first path that differs, or 'unrecorded' when that turn's proposal never reached the journal or
 * the projection holds another one (a retry dropped it): either way it is to be published.
 */
export async function compareRecordedProposal(session: RunSession, changes: ChangeSet, taskId: string, round: number, turn: number): Promise<'same' | 'unrecorded' | { readonly differs: string }> {
  const recorded = recordedProposal(session.events, taskId, round, turn);
  if (!recorded) return 'unrecorded';
  const now = await refsOf(textsOf(changes, taskId));
  const differs = firstDifference(await refsOf(proposalTexts(session.state.blobs, recorded)), now);
  if (differs !== undefined) return { differs };
  return firstDifference(await refsOf(session.state.tasks[taskId]?.changes ?? []), now) === undefined ? 'same' : 'unrecorded';
}

function firstDifference(a: readonly ProposalRef[], b: readonly ProposalRef[]): string | undefined {
  const key = (r: ProposalRef | undefined) => (r ? `${r.base} ${r.content}` : '');
  return [...new Set([...a, ...b].map((r) => r.path))].sort().find((p) => key(a.find((r) => r.path === p)) !== key(b.find((r) => r.path === p)));
}

/** Loads every task's latest proposal (on resume) and returns the settled tasks in settling order. */
export function restoreProposals(session: RunSession, changes: ChangeSet, plan: Plan): string[] {
  const tasks: Record<string, FileChangesJSON> = {};
  for (const task of plan.tasks) {
    const state = session.state.tasks[task.id];
    if (state && state.changes.length > 0) tasks[task.id] = toJSON(state.changes);
  }
  changes.load({ version: 1, tasks });
  return [...session.state.settled];
}

/** The task's proposal as it stood when fix round `round` started (undefined: that round has not started). */
export function proposalBefore(session: RunSession, taskId: string, round: number): FileChangesJSON | undefined {
  const events = session.events;
  const start = events.findIndex((e) => e.type === 'fix.started' && e.taskId === taskId && e.round === round);
  if (start < 0) return undefined;
  for (let i = start - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === 'proposal.updated' && e.taskId === taskId) return toJSON(proposalTexts(session.state.blobs, e));
  }
  return {};
}

/**
 * The latest `proposal.updated` of that turn still standing: one written before the turn was
 * dropped (a fresh retry, a divergence at an earlier turn) describes another attempt.
 */
function recordedProposal(events: readonly RunEvent[], taskId: string, round: number, turn: number): Extract<RunEvent, { type: 'proposal.updated' }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'proposal.updated' && e.taskId === taskId && e.round === round && e.turn === turn) return e;
    if (e.type === 'replay.diverged' && e.taskId === taskId && e.round === round && e.turn < turn) return undefined;
    if (e.type === 'task.retried' && e.taskId === taskId && round === 0 && turn >= (e.keepTurns ?? (e.fresh ? 0 : Infinity))) return undefined;
  }
  return undefined;
}

function textsOf(changes: ChangeSet, taskId: string): ProposalText[] {
  return [...changes.changes(taskId)].map(([path, c]) => ({ path, base: c.base ?? null, content: c.content ?? null }));
}

async function refsOf(texts: readonly ProposalText[]): Promise<ProposalRef[]> {
  const hash = (t: string | null) => (t === null ? Promise.resolve(null) : sha256Hex(t));
  return Promise.all(texts.map(async (t) => ({ path: t.path, base: await hash(t.base), content: await hash(t.content) })));
}

function toJSON(changes: readonly { path: string; base: string | null; content: string | null }[]): FileChangesJSON {
  return Object.fromEntries(changes.map((c) => [c.path, { base: c.base, content: c.content }]));
}
