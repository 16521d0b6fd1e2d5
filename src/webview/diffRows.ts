/** A hunk as rows with line numbers, the way a diff editor shows it. Pure. */
import type { ViewDiffHunk } from '../protocol/messages';

export interface DiffRow {
  readonly kind: 'add' | 'del' | 'ctx' | 'note';
  readonly oldNo?: number;
  readonly newNo?: number;
  readonly text: string;
}

export function hunkHeader(h: ViewDiffHunk): string {
  const range = (start: number, count: number) => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);
  return `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`;
}

export function hunkRows(h: ViewDiffHunk): DiffRow[] {
  let oldNo = h.oldStart;
  let newNo = h.newStart;
  return h.lines.map((line): DiffRow => {
    const text = line.slice(1);
    switch (line[0]) {
      case '+':
        return { kind: 'add', newNo: newNo++, text };
      case '-':
        return { kind: 'del', oldNo: oldNo++, text };
      case '\\':
        return { kind: 'note', text: line.slice(2) };
      default:
        return { kind: 'ctx', oldNo: oldNo++, newNo: newNo++, text };
    }
  });
}
