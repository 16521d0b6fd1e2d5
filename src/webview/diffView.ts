/** A hunk's lines as a read-only table in the theme's diff colours (a proposal's file, the test gate's changes). */
import type { ViewDiffHunk } from '../protocol/messages';
import { hunkRows } from './diffRows';
import { el } from './dom';

const SIGN = { add: '+', del: '−', note: '\\', ctx: ' ' } as const;

/**
 * `minDigits`: the line-number columns' least width. By default as wide as the hunk's own numbers:
 * in a 300 px side bar every column the gutter does not pad is one more character of code a line.
 */
export function diffTable(h: ViewDiffHunk, label: string, minDigits = 1): HTMLElement {
  const body = el('div', 'diff');
  body.setAttribute('role', 'table');
  body.setAttribute('aria-label', label);
  const digits = Math.max(minDigits, String(Math.max(h.oldStart + h.oldLines, h.newStart + h.newLines)).length);
  for (const r of hunkRows(h)) {
    // One gutter text per line (old and new numbers, sign): two elements a line instead of four.
    const gutter = `${(r.oldNo?.toString() ?? '').padStart(digits)} ${(r.newNo?.toString() ?? '').padStart(digits)} ${SIGN[r.kind]} `;
    const row = el('div', `line line-${r.kind}`, el('span', 'gutter', gutter), el('span', 'code', r.text));
    row.setAttribute('role', 'row');
    body.append(row);
  }
  return body;
}
