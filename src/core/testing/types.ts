/**
 * What a test run says, independent of the tool that printed it. Parsers (one per reporter
 * format) produce a `TestReport`; attribution maps each failure to the workspace file most
 * likely responsible, and from there to the task that changed it.
 */

export interface StackFrame {
  /** The file as the tool printed it (absolute, relative, or a file:// URL); attribution normalises it. */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly fn?: string;
}

export interface TestFailure {
  /** Full test name as the tool reports it (suite › test, or `TestName/subtest`). */
  readonly test: string;
  /** The test file as printed, when the tool says it. */
  readonly testFile?: string;
  /** The assertion or error message, first lines only. */
  readonly message: string;
  /** Frames from the error's stack or traceback, innermost first for every tool. */
  readonly stack: readonly StackFrame[];
}

export type TestFormat =
  | 'jest-json'
  | 'vitest-json'
  | 'mocha-json'
  | 'junit-xml'
  | 'node-tap'
  | 'node-spec'
  | 'jest-text'
  | 'vitest-text'
  | 'mocha-text'
  | 'pytest-text'
  | 'go-json'
  | 'go-text'
  | 'unknown';

export interface TestReport {
  readonly format: TestFormat;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failures: readonly TestFailure[];
  /** The process exit code, when known (a parser of saved output does not know it). */
  readonly exitCode?: number;
  /** The last lines of the raw output: always kept, so unknown formats still say something. */
  readonly rawTail: string;
}

export interface Attribution {
  readonly failure: TestFailure;
  /** Workspace-relative POSIX path of the file most likely responsible; undefined when nothing points anywhere. */
  readonly file?: string;
  /** 0..1: how sure the attribution is. */
  readonly confidence: number;
  /** One line: which evidence chose the file (stack frame, import, changed lines). */
  readonly reason: string;
  /** The task whose change touched `file`, when one did. */
  readonly taskId?: string;
  /**
   * routed: a task changed the file; pre-existing: the file is in the workspace but no task
   * changed it; unknown: no evidence points at a workspace file.
   */
  readonly kind: 'routed' | 'pre-existing' | 'unknown';
}
