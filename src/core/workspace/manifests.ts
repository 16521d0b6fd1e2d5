/**
 * Reads package manifests (package.json, pyproject.toml, requirements.txt, go.mod, Cargo.toml)
 * into short structured excerpts: names, scripts and dependency names, never whole files.
 */
import type { Workspace } from '../ports';

export type ManifestKind = 'npm' | 'python' | 'go' | 'cargo';

export interface Manifest {
  readonly path: string;
  readonly kind: ManifestKind;
  readonly name?: string;
  /** npm only: `"type": "module"` and the like. */
  readonly moduleType?: string;
  /** npm scripts (values shortened). */
  readonly scripts: Readonly<Record<string, string>>;
  readonly dependencies: readonly string[];
  readonly devDependencies: readonly string[];
  /** Manifest-specific facts worth a word, such as "pytest configured". */
  readonly notes: readonly string[];
}

const MANIFEST_KINDS: Record<string, ManifestKind> = {
  'package.json': 'npm',
  'pyproject.toml': 'python',
  'requirements.txt': 'python',
  'go.mod': 'go',
  'Cargo.toml': 'cargo',
};

const MAX_MANIFEST_BYTES = 256 * 1024;
const MAX_MANIFESTS = 8;
/** Root, and one or two folders down (monorepos put a manifest per package). */
const MAX_MANIFEST_DEPTH = 3;
const MAX_SCRIPT_CHARS = 80;

export function isManifestPath(relPath: string): boolean {
  const parts = relPath.split('/');
  return parts.length <= MAX_MANIFEST_DEPTH && (parts[parts.length - 1] as string) in MANIFEST_KINDS;
}

/** Manifests among `files`, shallowest first, each parsed leniently (a broken one is skipped). */
export async function readManifests(workspace: Workspace, files: readonly string[]): Promise<Manifest[]> {
  const candidates = files
    .filter(isManifestPath)
    .sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_MANIFESTS);
  const out: Manifest[] = [];
  for (const path of candidates) {
    const text = await readSmallText(workspace, path);
    if (text === undefined) continue;
    const kind = MANIFEST_KINDS[path.split('/').pop() as string] as ManifestKind;
    const parsed = parseManifest(path, kind, text);
    if (parsed) out.push(parsed);
  }
  return out;
}

/** The file's text when it is a regular file under the size cap; undefined otherwise. */
export async function readSmallText(workspace: Workspace, path: string, maxBytes = MAX_MANIFEST_BYTES): Promise<string | undefined> {
  const st = await workspace.stat(path);
  if (!st || st.type !== 'file' || st.size > maxBytes) return undefined;
  try {
    return new TextDecoder().decode(await workspace.readFile(path));
  } catch {
    return undefined;
  }
}

export function parseManifest(path: string, kind: ManifestKind, text: string): Manifest | undefined {
  const base = path.split('/').pop();
  switch (kind) {
    case 'npm':
      return parsePackageJson(path, text);
    case 'python':
      return base === 'requirements.txt' ? parseRequirements(path, text) : parsePyproject(path, text);
    case 'go':
      return parseGoMod(path, text);
    case 'cargo':
      return parseCargo(path, text);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shorten = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Scripts sometimes inline a token (`curl -H "Authorization: Bearer …"`): mask anything that looks like one. */
const TOKEN_PATTERNS = [
  /\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\b(ghp|gho|ghs|github_pat|xox[abpr]|glpat)[-_][A-Za-z0-9_-]{8,}/g,
  /\bAKIA[0-9A-Z]{12,}/g,
  /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];
const SECRET_ASSIGNMENT = /\b([A-Za-z_]*(?:token|secret|password|passwd|api_?key)[A-Za-z_]*)=\S+/gi;

export function maskSecrets(text: string): string {
  return TOKEN_PATTERNS.reduce((t, re) => t.replace(re, '***'), text).replace(SECRET_ASSIGNMENT, '$1=***');
}

function parsePackageJson(path: string, text: string): Manifest | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(json)) return undefined;
  const scripts: Record<string, string> = {};
  if (isRecord(json['scripts'])) {
    for (const [k, v] of Object.entries(json['scripts'])) if (typeof v === 'string') scripts[k] = shorten(maskSecrets(v), MAX_SCRIPT_CHARS);
  }
  const keys = (v: unknown): string[] => (isRecord(v) ? Object.keys(v) : []);
  const notes: string[] = [];
  if (Array.isArray(json['workspaces']) || isRecord(json['workspaces'])) notes.push('npm workspaces');
  return {
    path,
    kind: 'npm',
    ...(typeof json['name'] === 'string' ? { name: json['name'] } : {}),
    ...(typeof json['type'] === 'string' ? { moduleType: json['type'] } : {}),
    scripts,
    dependencies: keys(json['dependencies']),
    devDependencies: keys(json['devDependencies']),
    notes,
  };
}

/** `fastapi>=0.110 ; python_version > "3.8"` → `fastapi`. */
function requirementName(spec: string): string | undefined {
  return /^\s*([A-Za-z0-9][A-Za-z0-9_.-]*)/.exec(spec)?.[1]?.toLowerCase();
}

function parseRequirements(path: string, text: string): Manifest {
  const deps = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('-'))
    .map(requirementName)
    .filter((n): n is string => n !== undefined);
  return { path, kind: 'python', scripts: {}, dependencies: deps, devDependencies: [], notes: [] };
}

/** Minimal TOML walk: section headers, `key = value` lines and multi-line string arrays. */
function tomlSections(text: string): Map<string, { keys: Map<string, string>; arrays: Map<string, string[]> }> {
  const sections = new Map<string, { keys: Map<string, string>; arrays: Map<string, string[]> }>();
  let current = { keys: new Map<string, string>(), arrays: new Map<string, string[]>() };
  sections.set('', current);
  let openArray: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (openArray) {
      for (const m of line.matchAll(/"([^"]*)"|'([^']*)'/g)) openArray.push(m[1] ?? m[2] ?? '');
      if (line.includes(']')) openArray = undefined;
      continue;
    }
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (header) {
      current = sections.get(header[1] as string) ?? { keys: new Map(), arrays: new Map() };
      sections.set(header[1] as string, current);
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+|"[^"]+")\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = (kv[1] as string).replace(/"/g, '');
    const value = kv[2] as string;
    current.keys.set(key, value.replace(/^["']|["']$/g, ''));
    if (value.startsWith('[')) {
      const items: string[] = [];
      for (const m of value.matchAll(/"([^"]*)"|'([^']*)'/g)) items.push(m[1] ?? m[2] ?? '');
      current.arrays.set(key, items);
      if (!value.includes(']')) openArray = items;
    }
  }
  return sections;
}

function parsePyproject(path: string, text: string): Manifest {
  const toml = tomlSections(text);
  const project = toml.get('project');
  const poetry = toml.get('tool.poetry');
  const deps = [
    ...(project?.arrays.get('dependencies') ?? []).map(requirementName),
    ...[...(toml.get('tool.poetry.dependencies')?.keys.keys() ?? [])].filter((k) => k !== 'python'),
  ].filter((n): n is string => n !== undefined);
  const devDeps = [
    ...[...(toml.get('project.optional-dependencies')?.arrays.values() ?? [])].flat().map(requirementName),
    ...[...(toml.get('tool.poetry.group.dev.dependencies')?.keys.keys() ?? [])],
    ...(toml.get('dependency-groups')?.arrays.get('dev') ?? []).map(requirementName),
  ].filter((n): n is string => n !== undefined);
  const notes = toml.has('tool.pytest.ini_options') ? ['pytest configured'] : [];
  const name = project?.keys.get('name') ?? poetry?.keys.get('name');
  return { path, kind: 'python', ...(name ? { name } : {}), scripts: {}, dependencies: deps, devDependencies: devDeps, notes };
}

function parseGoMod(path: string, text: string): Manifest {
  const name = /^module\s+(\S+)/m.exec(text)?.[1];
  const goVersion = /^go\s+(\S+)/m.exec(text)?.[1];
  const deps: string[] = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (/^require\s*\($/.test(line)) inBlock = true;
    else if (inBlock && line === ')') inBlock = false;
    else if (inBlock && line !== '') deps.push(line.split(/\s+/)[0] as string);
    else {
      const single = /^require\s+(\S+)\s+\S+/.exec(line);
      if (single) deps.push(single[1] as string);
    }
  }
  return { path, kind: 'go', ...(name ? { name } : {}), scripts: {}, dependencies: deps, devDependencies: [], notes: goVersion ? [`go ${goVersion}`] : [] };
}

function parseCargo(path: string, text: string): Manifest {
  const toml = tomlSections(text);
  const name = toml.get('package')?.keys.get('name');
  const deps = [...(toml.get('dependencies')?.keys.keys() ?? [])];
  const devDeps = [...(toml.get('dev-dependencies')?.keys.keys() ?? [])];
  const notes = toml.has('workspace') ? ['cargo workspace'] : [];
  return { path, kind: 'cargo', ...(name ? { name } : {}), scripts: {}, dependencies: deps, devDependencies: devDeps, notes };
}
