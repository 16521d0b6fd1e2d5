/**
 * How a failure ends the command: which exit code, and the one line that explains it. A
 * configuration error (a provider refusing the model or the request, a bad base URL) exits 2 like
 * a usage error; an OS refusal (a read-only or unreadable file) is said in plain words, never as
 * `internal` with a stack.
 */
import { isSquadError, type SquadErrorCode } from '../core/common/errors';
import { errno, osReason } from '../node/applyTargets';
import { EXIT_FAILED, EXIT_USAGE } from './io';

const USAGE_CODES: readonly SquadErrorCode[] = ['config/invalid', 'config/missing_key', 'run/busy', 'run/not_found'];

export function isUsageCode(code: string | undefined): boolean {
  return code !== undefined && (USAGE_CODES as readonly string[]).includes(code);
}

export function exitCodeFor(err: unknown): number {
  return isSquadError(err) && isUsageCode(err.code) ? EXIT_USAGE : EXIT_FAILED;
}

/** "open /w/a.js: permission denied (EACCES)" for an error from the file system; undefined for anything else. */
export function osErrorMessage(err: unknown): string | undefined {
  const code = errno(err);
  if (code === undefined || !/^E[A-Z0-9]+$/.test(code) || !(err instanceof Error)) return undefined;
  const { syscall, path: file, dest } = err as NodeJS.ErrnoException & { dest?: string };
  const what = [syscall, file, dest ? `→ ${dest}` : undefined].filter((s) => s !== undefined && s !== '').join(' ');
  return `${what === '' ? '' : `${what}: `}${osReason(err)}`;
}
