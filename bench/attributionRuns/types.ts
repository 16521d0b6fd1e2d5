/**
 * The interface between the corpus of real test runs and the code under measurement: the real
 * test loop's round (baseline, coverage re-run, attribution) implements `EvaluateCase` in
 * bench/attributionRuns/evaluate.ts.
 */

export interface CaseRunInput {
  readonly root: string; // the materialised workspace (without any task's changes)
  readonly command: string;
  readonly timeoutMs: number;
  readonly tasks: readonly { readonly id: string; readonly role: string; readonly files: readonly { readonly path: string; readonly content: string | undefined }[] }[];
}

export interface CaseVerdict {
  readonly kind: 'routed' | 'pre-existing' | 'cannot-run' | 'passed' | 'unknown';
  readonly owner?: string; // the task the failures go to (the group with the most failures, when several)
  readonly runnerUp?: string;
  readonly failures: number;
  readonly detail: string; // one line: why
}

export type EvaluateCase = (input: CaseRunInput, signal: AbortSignal) => Promise<CaseVerdict>;
