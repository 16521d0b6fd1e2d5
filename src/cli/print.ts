/** Terminal renderings of a run's results: the plan as a tree, usage lines, errors, JSON. */
import type { Usage } from '../core/llm/chatModel';
import { formatCost } from '../core/llm/usage';
import type { RoleSpec } from '../core/agents/roles/spec';
import type { Plan } from '../core/plan/schema';
import { topologicalOrder } from '../core/plan/validate';
import type { UsageTotals } from '../core/run/reduce';

const INDENT = '    ';

/**
 * Tasks in dependency order, each as `t2 [backend] Title  ← t1` with its description and files
 * indented below; with the roster, where each role of the plan came from.
 */
export function formatPlan(plan: Plan, roster: readonly RoleSpec[] = []): string {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const lines = [`Plan: ${plan.summary}`, ...formatRoster(roster, plan), ''];
  for (const id of topologicalOrder(plan)) {
    const task = byId.get(id);
    if (!task) continue;
    const deps = task.dependsOn.length > 0 ? `  ← ${task.dependsOn.join(', ')}` : '';
    lines.push(`${task.id} [${task.role}] ${task.title}${deps}`);
    for (const line of task.description.trim().split('\n')) lines.push(INDENT + line.trimEnd());
    if (task.files && task.files.length > 0) lines.push(`${INDENT}files: ${task.files.join(', ')}`);
  }
  return lines.join('\n');
}

/** `Roles: backend (.squad/agents/backend.agent.md) · qa (built-in)`: the roles the plan uses, by name. */
function formatRoster(roster: readonly RoleSpec[], plan: Plan): string[] {
  const used = new Set(plan.tasks.map((t) => t.role));
  const shown = roster.filter((r) => used.has(r.name));
  return shown.length === 0 ? [] : [`Roles: ${shown.map((r) => `${r.name} (${r.source}${r.model ? `, model ${r.model}` : ''})`).join(' · ')}`];
}

/** The roster as `--json` shows it: where each role came from and what its file set (the prompt left out). */
export function rosterJson(roster: readonly RoleSpec[]): Record<string, unknown>[] {
  return roster.map(({ prompt: _prompt, ...rest }) => rest);
}

const count = (n: number): string => n.toLocaleString('en-US');

/** All prompt tokens (fresh and cached) count as "in"; "cached" is the part read from a cache. */
export function formatUsage(totals: UsageTotals): string {
  const u = totals.tokens;
  const cost = totals.cost === undefined ? 'cost unknown' : `cost ${formatCost(totals.cost)}`;
  return `tokens: ${count(promptTokens(u))} in · ${count(u.output)} out · ${count(u.cacheRead)} cached · ${cost}`;
}

export function promptTokens(u: Usage): number {
  return u.input + u.cacheRead + u.cacheWrite;
}

export function formatError(code: string, message: string, details: readonly string[], hint?: string): string {
  const lines = [`squad: ${code}: ${message}`, ...details.map((d) => `  - ${d}`)];
  if (hint) lines.push(hint);
  return lines.join('\n');
}

/** One JSON document per line: `--json` output is exactly one object on stdout. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export function usageJson(totals: UsageTotals): Record<string, unknown> {
  return { ...totals.tokens, calls: totals.calls, cost: totals.cost ?? null };
}
