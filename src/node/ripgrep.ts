/**
 * ripgrep as the workspace's listing and content-search engine: the `rg` on the PATH in the CLI,
 * the one VS Code ships in the extension. It runs read-only on the workspace with fixed arguments;
 * the model's query is passed with --regexp (never as a flag) and the folder after `--`. A
 * cancelled or timed-out call kills it. Its ignore rules are told to match the in-process walker
 * (test/unit/node/ignoreSemantics.test.ts runs one suite against both).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cancelledError } from '../core/common/errors';
import type { FileListing, TextCandidates, TextQuery } from '../core/ports';
import type { IgnoreRules } from './ignoreRules';
import { streamProgram } from './processRunner';
import { ripgrepPattern } from './ripgrepPattern';

/** A runaway rg (a network file system that hangs) is stopped and the caller falls back. */
const RG_TIMEOUT_MS = 120_000;

/**
 * The walker's semantics: no config file, hidden files listed, .gitignore honoured without a git
 * repository, nothing from outside the workspace or from .ignore/.rgignore, .git/ left out,
 * ignore files matched without regard to case.
 */
const COMMON_ARGS = [
  '--no-config',
  '--hidden',
  '--no-require-git',
  '--no-ignore-parent',
  '--no-ignore-global',
  '--no-ignore-exclude',
  '--no-ignore-dot',
  '--ignore-file-case-insensitive',
  '--no-messages',
  '--null',
  '--glob',
  '!.git',
];

export interface RipgrepEngine {
  readonly rgPath: string;
  /** The workspace's files, or undefined when rg failed (the caller walks instead). */
  listFiles(options: { readonly signal?: AbortSignal; readonly limit?: number }): Promise<FileListing | undefined>;
  /** Files among `query.paths` rg finds a match in, or undefined when rg cannot run the query. */
  candidates(query: TextQuery, signal?: AbortSignal): Promise<TextCandidates | undefined>;
}

export function createRipgrepEngine(rgPath: string, root: string, rules: IgnoreRules): RipgrepEngine {
  let ignoreArgs: Promise<string[]> | undefined;
  const ruleArgs = () => (ignoreArgs ??= ignoreFileArgs(root, rules));
  /** Set when the workspace has a .rgignore this rg cannot be told to disregard. */
  let obeysOwnIgnoreFiles = false;

  return {
    rgPath,
    async listFiles({ signal, limit }) {
      const max = limit ?? Number.POSITIVE_INFINITY;
      let paths: string[] = [];
      let complete = true;
      const run = await runRipgrep(rgPath, root, ['--files', ...COMMON_ARGS, ...(await ruleArgs()), '--', '.'], signal, (record) => {
        if (paths.length > max) {
          complete = false;
          return false;
        }
        paths.push(stripDot(record));
        return true;
      });
      if (!run.ok && complete) return undefined;
      // rg before 14 obeys .rgignore files even with --no-ignore-dot: its answers would differ.
      if (paths.some(isRgignore)) {
        obeysOwnIgnoreFiles = true;
        return undefined;
      }
      paths = await rootRulesWin(paths, rules);
      if (paths.length > max) {
        paths = paths.slice(0, max);
        complete = false;
      }
      return { paths: paths.sort(), complete };
    },
    async candidates(query, signal) {
      if (obeysOwnIgnoreFiles) return undefined;
      const pattern = query.regex ? ripgrepPattern(query.pattern) : query.pattern;
      // Non-ASCII text may be latin1 on disk, which rg would not decode as JavaScript does.
      if (pattern === undefined || !/^[\x20-\x7e]*$/.test(query.pattern)) return undefined;
      const wanted = new Set(query.paths);
      const files = new Set<string>();
      const args = [
        '--files-with-matches',
        ...COMMON_ARGS,
        ...(await ruleArgs()),
        // Binary detection would stop at a NUL the JavaScript decoder reads past; confirmation skips binaries.
        '--text',
        query.caseSensitive ? '--case-sensitive' : '--ignore-case',
        ...(query.regex ? ['--crlf'] : ['--fixed-strings']),
        '--regexp',
        pattern,
        '--',
        query.under === '' ? '.' : query.under,
      ];
      const run = await runRipgrep(rgPath, root, args, signal, (record) => {
        const rel = stripDot(record);
        if (wanted.has(rel)) files.add(rel);
        return true;
      });
      return run.ok ? { files, unread: [], binary: 0 } : undefined;
    },
  };
}

interface RipgrepRun {
  /** Exit 0 (found) or 1 (nothing), or stopped by the caller. */
  readonly ok: boolean;
}

/** Runs rg with cwd at the root, handing each NUL-terminated record to `onRecord` (false stops it). */
async function runRipgrep(rgPath: string, cwd: string, args: readonly string[], signal: AbortSignal | undefined, onRecord: (record: string) => boolean): Promise<RipgrepRun> {
  if (signal?.aborted) throw cancelledError(signal);
  let pending: Buffer = Buffer.alloc(0);
  const end = await streamProgram(rgPath, args, {
    cwd,
    timeoutMs: RG_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
    onStdout(chunk) {
      let data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (let nul = data.indexOf(0); nul >= 0; nul = data.indexOf(0)) {
        if (!onRecord(data.toString('utf8', 0, nul))) return false;
        data = data.subarray(nul + 1);
      }
      pending = data;
      return true;
    },
  });
  if (signal?.aborted) throw cancelledError(signal);
  // A missing or unrunnable binary, a timeout or an error exit: the caller falls back.
  return { ok: end.stopped === 'reader' || end.exitCode === 0 || end.exitCode === 1 };
}

/**
 * rg lets a .gitignore `!pattern` win over --ignore-file; the walker lets .squadignore and the
 * settings win. Only folders whose .gitignore negates something can differ, so only their files
 * are checked again.
 */
async function rootRulesWin(paths: string[], rules: IgnoreRules): Promise<string[]> {
  const root = await rules.rootRules;
  if (root.empty) return paths;
  const folders = paths.filter((p) => p === '.gitignore' || p.endsWith('/.gitignore')).map((p) => p.slice(0, Math.max(0, p.length - '/.gitignore'.length)));
  const negating = (await Promise.all(folders.map(async (f) => ((await rules.folderRules(f))?.negates ? f : undefined)))).filter((f) => f !== undefined);
  if (negating.length === 0) return paths;
  const under = (p: string) => negating.some((f) => f === '' || p.startsWith(`${f}/`));
  return paths.filter((p) => !(under(p) && root.rules.ignores(p)));
}

function isRgignore(rel: string): boolean {
  return rel === '.rgignore' || rel.endsWith('/.rgignore');
}

function stripDot(record: string): string {
  return record.startsWith('./') ? record.slice(2) : record;
}

/**
 * --ignore-file arguments for .squadignore and the settings' globs (written once to a file in
 * the temp folder, named by its content), matched by rg relative to the working directory.
 */
async function ignoreFileArgs(root: string, rules: IgnoreRules): Promise<string[]> {
  const args: string[] = [];
  const squadignore = path.join(root, '.squadignore');
  if ((await fs.stat(squadignore).catch(() => undefined))?.isFile()) args.push('--ignore-file', squadignore);
  if (rules.extraGlobs.length > 0) {
    const text = `${rules.extraGlobs.join('\n')}\n`;
    const file = path.join(os.tmpdir(), `squad-ignore-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`);
    if (!(await fs.readFile(file, 'utf8').catch(() => undefined) === text)) {
      const temp = `${file}.${process.pid}.${Date.now()}`;
      await fs.writeFile(temp, text);
      await fs.rename(temp, file);
    }
    args.push('--ignore-file', file);
  }
  return args;
}
