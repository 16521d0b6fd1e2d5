/** The plan as Markdown, for Show Plan's read-only document. Pure. */
import type { RunState } from '../../core/run/reduce';
import { usageText } from './eventLines';
import type { RunPhase } from './runList';

export function planMarkdown(state: RunState | undefined, phase: RunPhase | undefined): string {
  if (!state) return '# Squad\n\nNo run yet. Run **Squad: Request Feature** to start one.\n';
  const lines = [`# ${escape(state.request)}`, ''];
  if (!state.plan) {
    lines.push(state.status === 'planning' ? '_The planner is working on a plan…_' : `_No plan: the run is ${state.status}._`);
    if (state.error) lines.push('', `**Error (${state.error.code}):** ${escape(state.error.message)}`);
    return `${lines.join('\n')}\n`;
  }
  if (phase === 'awaiting-approval') lines.push('> The plan waits for your approval: run **Squad: Approve Plan**.', '');
  // At the gate the run's own status is still 'planning'; the user's word for it is the phase.
  const status = phase === 'awaiting-approval' ? 'plan awaits approval' : state.status;
  lines.push(escape(state.plan.summary), '', `Status: **${status}** · ${usageText(state)}`, '');
  lines.push('| Task | Role | Title | Depends on | Status |', '| --- | --- | --- | --- | --- |');
  for (const t of state.plan.tasks) {
    const status = state.tasks[t.id]?.status ?? 'pending';
    lines.push(`| ${t.id} | ${t.role} | ${cell(t.title)} | ${t.dependsOn.join(', ') || '—'} | ${status} |`);
  }
  for (const t of state.plan.tasks) {
    const ts = state.tasks[t.id];
    lines.push('', `## ${t.id} · ${escape(t.title)} (${t.role})`, '', escape(t.description));
    if (ts?.summary) lines.push('', `**Result:** ${escape(ts.summary)}`);
    if (ts?.reason) lines.push('', `**Why it stopped:** ${escape(ts.reason)}`);
    if (ts && ts.files.length > 0) lines.push('', ...ts.files.map((f) => `- \`${f.path}\` ${f.kind} (+${f.added} −${f.removed})`));
  }
  if (state.tests.settled) lines.push('', '## Tests', '', `${state.tests.settled.outcome}: ${escape(state.tests.settled.summary)}`);
  return `${lines.join('\n')}\n`;
}

/** Model-written text is data: it must not become links, images or HTML in the preview. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

function cell(text: string): string {
  return escape(text).replace(/\n/g, ' ');
}
