/**
 * After each failure has its verdict: the topic each candidate shares with the failing test (for
 * the counterfactual re-runs), and one owner per cause.
 */
import type { FailureAttribution } from '../attribute';
import { failureSignature, isThrownError } from '../signature';
import { sharedTopic, topicTokens } from '../topic';
import { testRegion } from '../weakened';
import type { Candidate, ScoringEnv } from './evidence';
import { strongestFirst } from './routing';

/** A verdict with the scores behind it, until the candidates are listed. */
export type Attributed = FailureAttribution & { scores?: Map<string, Candidate>; topics?: Map<string, number> };

/** For each candidate: the distinctive words its added lines share with the failing test's code. */
export async function topics(a: Attributed, env: Pick<ScoringEnv, 'paths' | 'ownership'>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const text = a.testFile === undefined ? undefined : await env.paths.read(a.testFile);
  const region = text === undefined ? undefined : testRegion(text, a.failure.test);
  if (region === undefined) return out;
  const test = topicTokens(region);
  for (const taskId of a.scores?.keys() ?? []) {
    const added = [...env.ownership.values()].flatMap((o) => [...(o.byTask.get(taskId)?.added ?? [])]);
    out.set(taskId, sharedTopic(test, topicTokens(added.join('\n'))));
  }
  return out;
}

/**
 * One cause, one owner: failures with the same signature that were routed to different tasks go
 * to the task with the most points over the whole group (a hundred test files failing on one
 * syntax error are one fix request).
 */
export function groupByCause(all: readonly Attributed[]): FailureAttribution[] {
  const groups = new Map<string, number[]>();
  all.forEach((a, i) => {
    if (a.kind !== 'routed') return;
    const key = failureSignature(a.failure);
    if (key === '' || !isThrownError(a.failure)) return;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out: FailureAttribution[] = all.map(({ scores, topics: topicOf, ...a }) => ({
    ...a,
    ...(scores
      ? { candidates: [...scores].sort((x, y) => y[1].score - x[1].score).map(([taskId, c]) => ({ taskId, score: c.score, file: c.file, reason: strongestFirst(c)[0] ?? '', topic: topicOf?.get(taskId) ?? 0 })) }
      : {}),
  }));
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    // The members' own decisions vote; points over the whole group break a tie.
    const votes = new Map<string, number>();
    for (const i of members) {
      const task = all[i]!.taskId;
      if (task !== undefined) votes.set(task, (votes.get(task) ?? 0) + 1);
    }
    const totals = new Map<string, number>();
    for (const i of members) for (const [task, c] of all[i]!.scores ?? []) totals.set(task, (totals.get(task) ?? 0) + c.score);
    const winner = [...votes].sort((a, b) => b[1] - a[1] || (totals.get(b[0]) ?? 0) - (totals.get(a[0]) ?? 0))[0]?.[0];
    const group = all[members[0]!]!.failure.test;
    for (const i of members) {
      const a = all[i]!;
      const c = winner === undefined ? undefined : a.scores?.get(winner);
      const moved = winner !== undefined && a.taskId !== winner && c !== undefined;
      out[i] = { ...out[i]!, group, ...(moved ? { taskId: winner, file: c.file, reason: `${strongestFirst(c)[0] ?? ''} (one cause with ${members.length} failures)` } : {}) };
    }
  }
  return out;
}
