/** Terminal renderings of a run's results: the plan as a tree, usage lines, errors, JSON. */
import type { Usage } from '../core/llm/chatModel';
import { formatCost } from '../core/llm/usage';
import type { Plan } from '../core/plan/schema';
import { topologicalOrder } from '../core/plan/validate';
import type { UsageTotals } from '../core/run/reduce';

const INDENT = '    ';

/**
 * Tasks in dependency order, each as `t2 [backend] Title  ← t1` with its description and files
 * indented below.
 */
export function formatPlan(plan: Plan): string {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const lines = [`Plan: ${plan.summary}`, ''];
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
