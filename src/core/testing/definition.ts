/**
 * What a test command runs is not only its text: `npm test` runs whatever `scripts.test` says,
 * `jest` loads `jest.config.js`, pytest imports every `conftest.py`. An approval therefore covers
 * the command plus the content of the files that define it. Each file is reduced to the part
 * that decides what runs (package.json: its scripts and runner sections, not its dependency
 * versions), so an agent adding a dependency does not ask again, and one editing a script does.
 */
import { unifiedDiff, computeFileDiff } from '../changes/hunks';

export interface DefinitionFile {
  readonly path: string;
  /** The part of the file that decides what runs, as stable text (for package.json: canonical JSON). */
  readonly text: string;
}

export interface TestDefinition {
  readonly command: string;
  /** Sorted by path. */
  readonly files: readonly DefinitionFile[];
}

export interface DefinitionChange {
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** A unified diff of the defining part, from what was approved to what would run now. */
  readonly diff: string;
}

/** Reads a file of the tree the command would run on (the workspace plus proposals). */
export interface DefinitionSource {
  readonly listFiles: () => Promise<readonly string[]>;
  readonly read: (path: string) => Promise<string | undefined>;
}

/** Runner configuration by file name, at any depth (monorepos keep one per package). */
const CONFIG_NAME =
  /^(?:(?:jest|vitest|vitest\.workspace|vite|babel|ava|karma|playwright|cypress|webpack)\.config\.[cm]?[jt]sx?(?:on)?|\.mocharc(?:\.[a-z]+)?|\.babelrc(?:\.[a-z]+)?|\.nycrc(?:\.[a-z]+)?|\.c8rc(?:\.[a-z]+)?|pytest\.ini|pyproject\.toml|setup\.cfg|setup\.py|tox\.ini|noxfile\.py|conftest\.py|[Mm]akefile|GNUmakefile|go\.mod|package\.json)$/;

/** package.json sections that change what a test command executes; dependencies do not (they are installed, not proposed). */
const PACKAGE_SECTIONS = ['scripts', 'jest', 'mocha', 'ava', 'c8', 'nyc', 'babel', 'vitest'];

const SKIPPED = /(^|\/)(node_modules|\.git|\.venv|venv|dist|build|coverage)\//;
/** Files whose words are scripts that name further files to run. */
const FOLLOWED = /(^|\/)(package\.json|[Mm]akefile|GNUmakefile|[^/]+\.(?:sh|bash|mk))$/;
/** Files past this are summarised by size: a config that large is not hand-written. */
const MAX_TEXT = 64 * 1024;
/** Words of a script that name a file it runs: `node scripts/setup.js`, `bash ./ci/test.sh`. */
const FILE_WORD = /(?:^|[\s'"=])((?:\.{1,2}\/)?[\w@.-]+(?:\/[\w@.-]+)*\.(?:[cm]?[jt]sx?|sh|bash|py|mk|json))(?=$|[\s'";&|)])/g;

export async function readTestDefinition(command: string, source: DefinitionSource): Promise<TestDefinition> {
  const all = await source.listFiles();
  const present = new Set(all);
  const picked = new Set(all.filter((p) => !SKIPPED.test(p) && CONFIG_NAME.test(p.slice(p.lastIndexOf('/') + 1))));
  const files = new Map<string, string>();
  const queue = [...picked];
  // Scripts name further files they run (`node scripts/setup.js && node --test`): those count too.
  // Code files are not followed further: what they import is code like any other, which the sandbox contains.
  for (const word of referencedFiles(command, '')) if (present.has(word)) queue.push(word);
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (files.has(path)) continue;
    const raw = await source.read(path);
    if (raw === undefined) continue;
    const text = definingText(path, raw);
    files.set(path, text);
    if (!FOLLOWED.test(path)) continue;
    for (const ref of referencedFiles(scriptText(path, raw), dirOf(path))) if (present.has(ref) && !files.has(ref)) queue.push(ref);
  }
  return { command, files: [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, text]) => ({ path, text })) };
}

/** What changed between an approved definition and the current one; empty when they define the same run. */
export function compareDefinitions(approved: TestDefinition, current: TestDefinition): DefinitionChange[] {
  const before = new Map(approved.files.map((f) => [f.path, f.text]));
  const after = new Map(current.files.map((f) => [f.path, f.text]));
  const changes: DefinitionChange[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(path);
    const b = after.get(path);
    if (a === b) continue;
    const kind = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    changes.push({ path, kind, diff: unifiedDiff(computeFileDiff(path, a, b)) });
  }
  return changes;
}

function definingText(path: string, raw: string): string {
  if (raw.length > MAX_TEXT) return `(${raw.length} characters; the whole file counts)\n${raw}`;
  if (!path.endsWith('package.json')) return raw;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // A package.json that does not parse breaks the command in its own way: compare it whole.
    return raw;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return raw;
  const record = json as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const key of PACKAGE_SECTIONS) if (key in record) kept[key] = record[key];
  return `${JSON.stringify(sortKeys(kept), null, 2)}\n`;
}

/** The words of a file that are commands: a package.json's scripts, a Makefile's or shell script's whole text. */
function scriptText(path: string, raw: string): string {
  if (!path.endsWith('package.json')) return raw;
  try {
    const scripts = (JSON.parse(raw) as { scripts?: unknown }).scripts;
    if (typeof scripts !== 'object' || scripts === null) return '';
    return Object.values(scripts).filter((v): v is string => typeof v === 'string').join('\n');
  } catch {
    return '';
  }
}

function referencedFiles(text: string, baseDir: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(FILE_WORD)) {
    const word = m[1]!;
    if (/^[\w-]+\.json$/.test(word) && word !== 'package.json') continue;
    const joined = normalise(baseDir === '' || !word.startsWith('.') ? word : `${baseDir}/${word}`);
    if (joined !== undefined) out.push(joined);
  }
  return out;
}

function normalise(path: string): string | undefined {
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(segment);
  }
  return parts.length === 0 ? undefined : parts.join('/');
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
}
