/** The plan as Markdown, for Show Plan's rendered preview. Pure. */
import type { RunState } from '../../core/run/reduce';
import { usageText } from './eventLines';
import type { RunPhase } from './runList';

export function planMarkdown(state: RunState | undefined, phase: RunPhase | undefined): string {
  if (!state) return '# Squad\n\nNo run yet. Run **Squad: Request Feature** to start one.\n';
  const lines = [`# ${inline(state.request)}`, ''];
  if (!state.plan) {
    lines.push(state.status === 'planning' ? '_The planner is working on a plan…_' : `_No plan: the run is ${state.status}._`);
    if (state.error) lines.push('', `**Error (${inline(state.error.code)}):** ${inline(state.error.message)}`);
    return `${lines.join('\n')}\n`;
  }
  if (phase === 'awaiting-approval') lines.push('> The plan waits for your approval: run **Squad: Approve Plan**.', '');
  // At the gate the run's own status is still 'planning'; the user's word for it is the phase.
  const status = phase === 'awaiting-approval' ? 'plan awaits approval' : state.status;
  lines.push(block(state.plan.summary), '', `Status: **${status}** · ${usageText(state)}`, '');
  lines.push('| Task | Role | Title | Depends on | Status |', '| --- | --- | --- | --- | --- |');
  for (const t of state.plan.tasks) {
    const status = state.tasks[t.id]?.status ?? 'pending';
    lines.push(`| ${inline(t.id)} | ${inline(t.role)} | ${inline(t.title)} | ${t.dependsOn.map(inline).join(', ') || '—'} | ${status} |`);
  }
  for (const t of state.plan.tasks) {
    const ts = state.tasks[t.id];
    lines.push('', `## ${inline(t.id)} · ${inline(t.title)} (${inline(t.role)})`, '', block(t.description));
    if (ts?.summary) lines.push('', `**Result:** ${inline(ts.summary)}`);
    if (ts?.reason) lines.push('', `**Why it stopped:** ${inline(ts.reason)}`);
    if (ts && ts.files.length > 0) lines.push('', ...ts.files.map((f) => `- ${codeSpan(f.path)} ${f.kind} (+${f.added} −${f.removed})`));
  }
  if (state.tests.settled) lines.push('', '## Tests', '', `${state.tests.settled.outcome}: ${inline(state.tests.settled.summary)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Model-written text is data: in the preview it must read exactly as written, never become a
 * heading, list, link, image, table cell or HTML. Every ASCII punctuation character gets a
 * backslash (CommonMark lets any of them be escaped; an escaped ':' also keeps linkify from making
 * a URL a link), and line starts lose their indentation (four spaces would make a code block).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&').replace(/^[ \t]+/gm, '');
}

/** One line of text (a heading, a table cell, a label): line breaks become spaces. */
function inline(text: string): string {
  return escapeMarkdown(text.replace(/\s*\r?\n\s*/g, ' '));
}

/** A paragraph or more: the author's line breaks stay (as hard breaks), blank lines part paragraphs. */
function block(text: string): string {
  return escapeMarkdown(text.replace(/\r\n?/g, '\n').trim())
    .split('\n')
    .map((line, i, all) => (line !== '' && all[i + 1] !== undefined && all[i + 1] !== '' ? `${line}  ` : line))
    .join('\n');
}

/** A code span that holds any text: a fence longer than the longest run of backticks inside. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}
