/**
 * What a test file imports, read through the workspace: JS/TS import/require, Python
 * import/from, Go packages of the same module (plus the package's own files). Only imports that
 * resolve to workspace files matter here; packages and the standard library fall away.
 */
import { dirOf, normaliseRelPath, type WorkspacePaths } from './paths';

const JS_EXT = /\.([cm]?[jt]sx?|vue|svelte)$/;
const JS_TRY_EXT = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte'];
/** TypeScript's ESM convention imports `./x.js` for `./x.ts`. */
const JS_TO_TS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

const JS_SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"\n]+)['"]/g,
  /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

/** One attribution call reads the same test's imports for each of its failures: read them once. */
const memo = new WeakMap<WorkspacePaths, Map<string, Promise<string[]>>>();

/** Workspace files the file imports directly (for Go: its package's other files, then imported packages). */
export function directImports(paths: WorkspacePaths, file: string): Promise<string[]> {
  let byFile = memo.get(paths);
  if (!byFile) memo.set(paths, (byFile = new Map<string, Promise<string[]>>()));
  let hit = byFile.get(file);
  if (!hit) byFile.set(file, (hit = readImports(paths, file)));
  return hit;
}

async function readImports(paths: WorkspacePaths, file: string): Promise<string[]> {
  const text = await paths.read(file);
  if (text === undefined) return [];
  if (JS_EXT.test(file)) return jsImports(paths, file, text);
  if (file.endsWith('.py')) return pythonImports(paths, file, text);
  if (file.endsWith('.go')) return goImports(paths, file, text);
  return [];
}

/**
 * Changed files reachable from `from` through imports, with their distance (1 = imported
 * directly). Breadth-first, so each file gets its shortest distance.
 */
export async function reachableChanged(
  paths: WorkspacePaths,
  from: string,
  changed: ReadonlySet<string>,
  maxDepth = 4,
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const seen = new Set([from]);
  let frontier = [from];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0 && seen.size < 400; depth++) {
    const next: string[] = [];
    for (const file of frontier) {
      for (const dep of await directImports(paths, file)) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        next.push(dep);
        if (changed.has(dep)) found.set(dep, depth);
      }
    }
    frontier = next;
  }
  return found;
}

async function jsImports(paths: WorkspacePaths, file: string, text: string): Promise<string[]> {
  const specs = new Set<string>();
  for (const re of JS_SPECIFIERS) for (const m of text.matchAll(re)) specs.add(m[1] as string);
  const out: string[] = [];
  for (const spec of specs) {
    const hit = await resolveJs(paths, file, spec);
    if (hit !== undefined && hit !== file && !out.includes(hit)) out.push(hit);
  }
  return out;
}

async function resolveJs(paths: WorkspacePaths, from: string, spec: string): Promise<string | undefined> {
  let base: string;
  if (spec.startsWith('.')) base = normaliseRelPath(`${dirOf(from)}/${spec}`);
  else if (/^[@~]\//.test(spec)) base = `src/${spec.slice(2)}`; // the common "@/x" → src/x alias
  else if (spec.startsWith('/')) base = normaliseRelPath(spec);
  else return undefined; // a package
  const ext = /\.[^./]+$/.exec(base)?.[0] ?? '';
  const tries: string[] = [];
  if (ext !== '') {
    tries.push(base);
    for (const ts of JS_TO_TS[ext] ?? []) tries.push(base.slice(0, -ext.length) + ts);
  }
  for (const e of JS_TRY_EXT) tries.push(base + e);
  for (const e of JS_TRY_EXT) tries.push(`${base}/index${e}`);
  for (const t of tries) if (await paths.isFile(t)) return t;
  return undefined;
}

const PY_FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w.][\w., \t]*)/gm;

async function pythonImports(paths: WorkspacePaths, file: string, text: string): Promise<string[]> {
  const out: string[] = [];
  const add = (f: string | undefined) => {
    if (f !== undefined && f !== file && !out.includes(f)) out.push(f);
  };
  for (const m of text.matchAll(PY_FROM)) {
    const dots = (m[1] as string).length;
    const module = m[2] as string;
    const names = (m[3] as string)
      .replace(/[()]/g, '')
      .split(',')
      .map((n) => n.trim().split(/\s+/)[0] as string)
      .filter((n) => /^\w+$/.test(n));
    for (const root of pythonRoots(file, dots)) {
      const modPath = joinPy(root, module);
      const mod = modPath === undefined ? undefined : await pythonModule(paths, modPath);
      const subs: string[] = [];
      for (const name of names) {
        const sub = await pythonModule(paths, modPath === undefined ? joinPy(root, name) ?? name : `${modPath}/${name}`);
        if (sub !== undefined) subs.push(sub);
      }
      if (mod === undefined && subs.length === 0) continue;
      add(mod);
      subs.forEach(add);
      break;
    }
  }
  for (const m of text.matchAll(PY_IMPORT)) {
    for (const part of (m[1] as string).split(',')) {
      const module = part.trim().split(/\s+/)[0] ?? '';
      if (!/^[\w.]+$/.test(module)) continue;
      for (const root of pythonRoots(file, 0)) {
        const hit = await pythonModule(paths, joinPy(root, module) ?? module);
        if (hit !== undefined) {
          add(hit);
          break;
        }
      }
    }
  }
  return out;
}

/** Folders a Python import may be relative to: the package for `from .x`, else the usual roots. */
function pythonRoots(file: string, dots: number): string[] {
  let dir = dirOf(file);
  if (dots > 0) {
    for (let i = 1; i < dots; i++) dir = dirOf(dir);
    return [dir];
  }
  const roots = ['', 'src', 'lib'];
  for (let d = dirOf(file); d !== ''; d = dirOf(d)) roots.push(d);
  return roots;
}

function joinPy(root: string, module: string): string | undefined {
  if (module === '') return root === '' ? undefined : root;
  const rel = module.split('.').join('/');
  return root === '' ? rel : `${root}/${rel}`;
}

async function pythonModule(paths: WorkspacePaths, rel: string): Promise<string | undefined> {
  if (await paths.isFile(`${rel}.py`)) return `${rel}.py`;
  if (await paths.isFile(`${rel}/__init__.py`)) return `${rel}/__init__.py`;
  return undefined;
}

const GO_IMPORT_ONE = /^\s*import\s+(?:[\w.]+\s+)?"([^"]+)"/gm;
const GO_IMPORT_BLOCK = /^\s*import\s*\(([^)]*)\)/gm;

async function goImports(paths: WorkspacePaths, file: string, text: string): Promise<string[]> {
  const dir = dirOf(file);
  const out = (await goPackageFiles(paths, dir)).filter((f) => f !== file);
  const specs: string[] = [];
  for (const m of text.matchAll(GO_IMPORT_ONE)) specs.push(m[1] as string);
  for (const m of text.matchAll(GO_IMPORT_BLOCK)) {
    for (const line of (m[1] as string).split('\n')) {
      const s = /"([^"]+)"/.exec(line);
      if (s) specs.push(s[1] as string);
    }
  }
  if (specs.length === 0) return out;
  const mod = await goModule(paths, dir);
  if (!mod) return out;
  for (const spec of specs) {
    if (spec !== mod.path && !spec.startsWith(`${mod.path}/`)) continue;
    const rest = spec.slice(mod.path.length + 1);
    const pkgDir = [mod.dir, rest].filter((s) => s !== '').join('/');
    for (const f of await goPackageFiles(paths, pkgDir)) if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** The non-test Go files of the package in `dir`. */
export async function goPackageFiles(paths: WorkspacePaths, dir: string): Promise<string[]> {
  return (await paths.filesIn(dir)).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
}

/** The nearest go.mod at or above `dir`: its folder and module path. */
async function goModule(paths: WorkspacePaths, dir: string): Promise<{ dir: string; path: string } | undefined> {
  for (let d: string | undefined = dir; d !== undefined; d = d === '' ? undefined : dirOf(d)) {
    const gomod = d === '' ? 'go.mod' : `${d}/go.mod`;
    const text = await paths.read(gomod);
    const m = text === undefined ? null : /^module\s+(\S+)/m.exec(text);
    if (m) return { dir: d, path: m[1] as string };
  }
  return undefined;
}
