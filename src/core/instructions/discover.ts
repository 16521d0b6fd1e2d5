/**
 * Finds the project's instruction files, in the places the tools our users come from read them:
 *
 *   AGENTS.md, CLAUDE.md                      the root one, and in any folder (nearest one wins)
 *   .github/copilot-instructions.md           always
 *   .github/instructions/*.instructions.md    `applyTo: "glob,glob"` (none: only named, if described)
 *   .cursor/rules/*.mdc (and .md)             `alwaysApply`, `globs`, `description`; also in folders
 *   .cursorrules                              Cursor's older single file: always
 *   .clinerules                               a file (always) or a folder of .md/.txt files (`paths:`)
 *   .squad/instructions.md                    Squad's own: always
 *
 * Every file is read the way an agent's read_file would be, through the path sandbox: a file the
 * agents could not read (ignored, secret-looking, a link out of the workspace) is not read here
 * either. The one exception is Squad's own `.squad/instructions.md`: `.squad/` is Squad's
 * configuration folder, which projects often ignore, so it is read when it is a plain file at
 * that very path (no link).
 */
import type { Workspace } from '../ports';
import { decodeText, type Sandbox } from '../tools';
import { booleanField, globList, parseFrontMatter, stringField, type FrontMatter } from './frontMatter';
import type { InstructionFile, InstructionScope, InstructionSource } from './types';

/** Files larger than this are named as too large and never read (no instruction file needs 256 KB). */
export const MAX_INSTRUCTION_FILE_BYTES = 256 * 1024;
export const SQUAD_INSTRUCTIONS = '.squad/instructions.md';
/** Names a folder may hold whose nearest copy applies to the files below it. */
const NEAREST_NAMES: ReadonlyArray<readonly [string, InstructionSource]> = [['AGENTS.md', 'agents'], ['CLAUDE.md', 'claude']];

export interface InstructionReader {
  /** The file's text; undefined when it is absent, refused to the agents or binary; `unreadable` (why) when too large or the OS refuses it. */
  read(path: string, options?: { readonly squadOwn?: boolean }): Promise<{ readonly text: string } | { readonly unreadable: string } | undefined>;
  list(dir: string): Promise<readonly string[]>;
}

export function workspaceInstructionReader(workspace: Workspace, sandbox: Sandbox): InstructionReader {
  return {
    async read(path, options = {}) {
      let real: string;
      if (options.squadOwn) {
        if ((await workspace.realPath(path)) !== path) return undefined;
        real = path;
      } else {
        try {
          real = await sandbox.resolve(path);
        } catch {
          return undefined; // refused to the agents: refused here too
        }
      }
      try {
        const stat = await workspace.stat(real);
        if (stat?.type !== 'file') return undefined;
        if (stat.size > MAX_INSTRUCTION_FILE_BYTES) return { unreadable: `too large to read, over ${MAX_INSTRUCTION_FILE_BYTES / 1024} KB` };
        const decoded = decodeText(await workspace.readFile(real));
        return decoded.binary ? undefined : { text: decoded.text };
      } catch (err) {
        // A file the OS refuses (permissions, a race with a delete) is named as left out; it does not stop the run.
        const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? `: ${err.code}` : '';
        return { unreadable: `could not be read${code}` };
      }
    },
    list: (dir) => workspace.listDirectory(dir),
  };
}

/** The instruction files that speak for the whole workspace (base ''). */
export async function discoverRootInstructions(reader: InstructionReader): Promise<InstructionFile[]> {
  const found: InstructionFile[] = [];
  const add = (file: InstructionFile | undefined) => {
    if (file) found.push(file);
  };
  add(await plainFile(reader, SQUAD_INSTRUCTIONS, 'squad', '', { kind: 'always' }, true));
  found.push(...(await nearestFiles(reader, '')));
  add(await plainFile(reader, '.github/copilot-instructions.md', 'copilot', '', { kind: 'always' }));
  for (const name of await reader.list('.github/instructions')) {
    if (!name.endsWith('.instructions.md')) continue;
    add(await scopedFile(reader, `.github/instructions/${name}`, 'copilot-scoped', '', (fm) => fm.fields.applyTo));
  }
  found.push(...(await cursorRules(reader, '')));
  add(await plainFile(reader, '.cursorrules', 'cursor', '', { kind: 'always' }));
  const clineFiles = await reader.list('.clinerules');
  if (clineFiles.length === 0) add(await plainFile(reader, '.clinerules', 'cline', '', { kind: 'always' }));
  for (const name of clineFiles) {
    if (!/\.(md|txt)$/i.test(name)) continue;
    add(await scopedFile(reader, `.clinerules/${name}`, 'cline', '', (fm) => fm.fields.paths ?? fm.fields.globs, { kind: 'always' }));
  }
  return found;
}

/** The instruction files of one folder below the root: its AGENTS.md, CLAUDE.md and `.cursor/rules`. */
export async function discoverFolderInstructions(reader: InstructionReader, dir: string): Promise<InstructionFile[]> {
  return [...(await nearestFiles(reader, dir)), ...(await cursorRules(reader, dir))];
}

async function nearestFiles(reader: InstructionReader, dir: string): Promise<InstructionFile[]> {
  const out: InstructionFile[] = [];
  for (const [name, source] of NEAREST_NAMES) {
    const file = await plainFile(reader, join(dir, name), source, dir, { kind: 'nearest' });
    if (file) out.push(file);
  }
  return out;
}

async function cursorRules(reader: InstructionReader, dir: string): Promise<InstructionFile[]> {
  const folder = join(dir, '.cursor/rules');
  const out: InstructionFile[] = [];
  for (const name of await reader.list(folder)) {
    if (!/\.mdc?$/i.test(name)) continue;
    const file = await scopedFile(reader, `${folder}/${name}`, 'cursor', dir, (fm) => (booleanField(fm.fields.alwaysApply) ? '**' : fm.fields.globs));
    if (file) out.push(file);
  }
  return out;
}

async function plainFile(reader: InstructionReader, path: string, source: InstructionSource, base: string, scope: InstructionScope, squadOwn = false): Promise<InstructionFile | undefined> {
  const read = await reader.read(path, { squadOwn });
  if (!read) return undefined;
  if ('unreadable' in read) return { path, source, base, scope, text: '', unreadable: read.unreadable };
  const text = read.text.trim();
  return text === '' ? undefined : { path, source, base, scope, text };
}

/**
 * A file whose front matter says when it applies: globs (from `globsOf`), else a description
 * (named, for an agent to read when relevant), else `fallback` — none for Copilot's and Cursor's
 * files (they are applied by hand in those tools), always for a `.clinerules` file.
 */
async function scopedFile(
  reader: InstructionReader,
  path: string,
  source: InstructionSource,
  base: string,
  globsOf: (fm: FrontMatter) => FrontMatter['fields'][string] | undefined,
  fallback?: InstructionScope,
): Promise<InstructionFile | undefined> {
  const read = await reader.read(path);
  if (!read) return undefined;
  // Its front matter is unknown: named wherever it might apply, as left out.
  if ('unreadable' in read) return { path, source, base, scope: fallback ?? { kind: 'always' }, text: '', unreadable: read.unreadable };
  const fm = parseFrontMatter(read.text);
  const globs = globList(globsOf(fm));
  const description = stringField(fm.fields.description);
  const scope: InstructionScope | undefined = globs.some(isEverything)
    ? { kind: 'always' }
    : globs.length > 0
      ? { kind: 'globs', globs }
      : description !== undefined
        ? { kind: 'on-request', description }
        : fallback;
  const text = fm.body.trim();
  return scope && text !== '' ? { path, source, base, scope, text } : undefined;
}

/** `**`, `**\/*`, `*`-at-any-depth: a glob every file matches is the same as "always". */
function isEverything(glob: string): boolean {
  return ['**', '**/*', '*', '/**', './**', '**/**'].includes(glob.trim());
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
