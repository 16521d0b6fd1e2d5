/**
 * The verdict for one failure: routed to a task (with how sure, the evidence, the runner-up) or
 * pre-existing.
 */
import type { EvidenceLocation, FailureAttribution } from '../attribute';
import type { TestFailure } from '../types';
import type { Candidate } from './evidence';
import type { Frame } from './frames';

/** What every verdict on a failure carries: the failure, its test file and that file's author. */
export interface VerdictBase {
  readonly failure: TestFailure;
  readonly testFile?: string;
  readonly testOwner?: string;
}

export interface RoutingContext {
  /** The crash site, when no task changed it (the change elsewhere made it throw). */
  readonly thrownAt?: string;
  /** The failing test's own frame: where the evidence starts when the file's line is unknown. */
  readonly evidence?: EvidenceLocation;
}

export function routed(base: VerdictBase, taskId: string, c: Candidate, second: [string, Candidate] | undefined, ctx: RoutingContext): FailureAttribution {
  // Less sure only when another task has evidence of the same kind and weight (not an outer frame that merely called in).
  const rival = second !== undefined && second[1].strong > 0 && second[1].sure >= c.sure;
  const surer = c.sure * (rival ? 0.7 : 1) * (ctx.thrownAt && c.line === undefined ? 0.85 : 1);
  const confidence = Number(Math.min(0.99, Math.max(0.2, surer)).toFixed(2));
  const runnerUp = second ? { taskId: second[0], file: second[1].file, reason: strongestFirst(second[1])[0] ?? '' } : undefined;
  const evidence = c.line !== undefined ? { file: c.file, line: c.line } : ctx.evidence;
  return {
    ...base,
    file: c.file,
    ...(c.line === undefined ? {} : { line: c.line }),
    ...(evidence ? { evidence } : {}),
    confidence,
    taskId,
    kind: 'routed',
    reason: [...strongestFirst(c).slice(0, 3), ...(ctx.thrownAt ? [ctx.thrownAt] : [])].join('; '),
    ...(runnerUp ? { runnerUp } : {}),
  };
}

export function strongestFirst(c: Candidate): string[] {
  return c.reasons.map((r, i) => [r, c.weights[i] ?? 0] as const).sort((a, b) => b[1] - a[1]).map(([r]) => r);
}

export function preExisting(base: VerdictBase, frames: readonly Frame[], reason: string): FailureAttribution {
  const first = frames.find((f) => !f.test) ?? frames[0];
  return { ...base, ...(first ? { file: first.rel, ...(first.line === undefined ? {} : { line: first.line }) } : {}), confidence: 0.6, kind: 'pre-existing', reason };
}
