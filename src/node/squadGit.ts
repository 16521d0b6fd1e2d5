/**
 * Squad's own git commands (listing what to stage, the checkpoints' private repository), through
 * simple-git. These are the only processes Squad starts outside the sandboxed runner
 * (processRunner.ts), which is for commands the user approved; these are fixed git commands no
 * agent or repository chooses, hardened so that no repository code runs:
 * - hooks point at an empty folder when the caller gives one (update-ref would run a
 *   reference-transaction hook), fsmonitor is off (the repository's setting names a program);
 * - a fixed identity (commits here are Squad's, and must not fail where no user.email is set),
 *   no auto gc, no reflogs;
 * - simple-git drops ambient GIT_* variables (GIT_DIR, GIT_INDEX_FILE… would send reads and writes
 *   to another repository).
 * simple-git refuses some arguments unless allowed: we allow only those we pass ourselves.
 */
import { simpleGit } from 'simple-git';

export interface SquadGitOptions {
  /** Written to git's standard input (cat-file --batch-check, update-ref --stdin, mktree). */
  readonly input?: string;
  /** An empty folder for core.hooksPath. */
  readonly noHooks?: string;
  readonly signal?: AbortSignal;
}

const FIXED_CONFIG = ['core.fsmonitor=false', 'user.name=Squad', 'user.email=squad@localhost', 'gc.auto=0', 'core.logAllRefUpdates=false'];

/** Runs `git args…` in `cwd` and returns its standard output; a failure names the command and git's message. */
export async function squadGit(cwd: string, args: readonly string[], options: SquadGitOptions = {}): Promise<string> {
  const git = simpleGit({
    baseDir: cwd,
    config: [...FIXED_CONFIG, ...(options.noHooks ? [`core.hooksPath=${options.noHooks}`] : [])],
    // Settle on 'close' only: waiting on 'exit' as well adds 50 ms to every command.
    completion: { onClose: true, onExit: false },
    // An empty input would leave standard input open; callers never pass one.
    ...(options.input ? { input: () => options.input } : {}),
    ...(options.signal ? { abort: options.signal } : {}),
    // --git-dir names the private repository, --template= turns templates off, hooksPath turns hooks off, fsmonitor=false turns it off.
    unsafe: { allowUnsafeConfigPaths: true, allowUnsafeTemplateDir: true, allowUnsafeHooksPath: true, allowUnsafeFsMonitor: true },
  });
  try {
    return await git.raw(['--no-optional-locks', ...args]);
  } catch (err) {
    const command = args.find((a) => !a.startsWith('-')) ?? '';
    const message = err instanceof Error ? err.message.trim() : String(err);
    throw new Error(`git ${command} failed: ${message}`, { cause: err });
  }
}
