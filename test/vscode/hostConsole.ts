/**
 * Marks the suite's console output so the offline runner can tell it from the workbench's own
 * log: both reach it through the same `codeAutomationLog` hook, and the extension host's console
 * methods cannot be replaced (VS Code installs them as getters). The mark is a zero-width space,
 * invisible where desktop VS Code prints the console directly.
 */
import { format } from 'node:util';

export const HOST_MARK = '\u200b';

/** console.log for test output that must show in the runner's output (mocha's reporter uses it). */
export function hostLog(...args: unknown[]): void {
  console.log(HOST_MARK + format(...args));
}
