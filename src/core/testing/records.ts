import type { AttributedFailureRecord } from '../run/testEvents';
import type { FailureAttribution } from './attribute';
import type { StackFrame } from './types';

const MAX_TRACE = 8;
const MAX_MESSAGE = 2000;

function frameText(f: StackFrame, stagedDir?: string): string {
  const file = stagedDir ? relativeToTree(f.file, stagedDir) : f.file;
  const where = `${file}${f.line !== undefined ? `:${f.line}` : ''}${f.column !== undefined ? `:${f.column}` : ''}`;
  return f.fn ? `${f.fn} (${where})` : where;
}

/** The scratch tree is gone once the record is read: name its files as the workspace does. */
function relativeToTree(file: string, stagedDir: string): string {
  const dir = stagedDir.replace(/\\/g, '/').replace(/\/$/, '');
  const plain = file.replace(/^file:\/\//, '').replace(/\\/g, '/');
  return plain.startsWith(`${dir}/`) ? plain.slice(dir.length + 1) : file;
}

/** Attributions as journal records: bounded, paths workspace-relative where they resolved. */
export function toFailureRecords(attributions: readonly FailureAttribution[], stagedDir?: string): AttributedFailureRecord[] {
  return attributions.map((a) => ({
    test: a.failure.test,
    ...(a.testFile ?? a.failure.testFile ? { testFile: a.testFile ?? a.failure.testFile } : {}),
    message: a.failure.message.slice(0, MAX_MESSAGE),
    trace: a.failure.stack.slice(0, MAX_TRACE).map((f) => frameText(f, stagedDir)),
    ...(a.file ? { file: a.file } : {}),
    ...(a.line !== undefined ? { line: a.line } : {}),
    confidence: a.confidence,
    reason: a.reason,
    ...(a.taskId ? { taskId: a.taskId } : {}),
    kind: a.kind,
  }));
}
