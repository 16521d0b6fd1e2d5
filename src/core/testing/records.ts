import type { AttributedFailureRecord } from '../run/testEvents';
import type { FailureAttribution } from './attribute';
import type { StackFrame } from './types';

const MAX_TRACE = 8;
const MAX_MESSAGE = 2000;

function frameText(f: StackFrame): string {
  const where = `${f.file}${f.line !== undefined ? `:${f.line}` : ''}${f.column !== undefined ? `:${f.column}` : ''}`;
  return f.fn ? `${f.fn} (${where})` : where;
}

/** Attributions as journal records: bounded, paths workspace-relative where they resolved. */
export function toFailureRecords(attributions: readonly FailureAttribution[]): AttributedFailureRecord[] {
  return attributions.map((a) => ({
    test: a.failure.test,
    ...(a.testFile ?? a.failure.testFile ? { testFile: a.testFile ?? a.failure.testFile } : {}),
    message: a.failure.message.slice(0, MAX_MESSAGE),
    trace: a.failure.stack.slice(0, MAX_TRACE).map(frameText),
    ...(a.file ? { file: a.file } : {}),
    ...(a.line !== undefined ? { line: a.line } : {}),
    confidence: a.confidence,
    reason: a.reason,
    ...(a.taskId ? { taskId: a.taskId } : {}),
    kind: a.kind,
  }));
}
