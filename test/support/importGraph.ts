import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const IMPORT_PATTERNS = [
  /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Module specifiers a TypeScript source imports, re-exports or requires. */
export function importsOf(source: string): string[] {
  const found = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of source.matchAll(pattern)) if (match[1]) found.add(match[1]);
  }
  return [...found];
}

export interface ImportEdge {
  /** Repo-relative POSIX path of the importing file. */
  readonly file: string;
  readonly specifier: string;
  /** Repo-relative target for relative imports; the bare package name otherwise. */
  readonly target: string;
}

/** Every import of every .ts file under `dir` (repo-relative), relative imports resolved to repo paths. */
export async function importEdges(repoRoot: string, dir: string): Promise<ImportEdge[]> {
  const edges: ImportEdge[] = [];
  for (const file of await listTs(path.join(repoRoot, dir))) {
    const rel = path.relative(repoRoot, file).split(path.sep).join('/');
    for (const specifier of importsOf(await fs.readFile(file, 'utf8'))) {
      const target = specifier.startsWith('.')
        ? path.posix.normalize(path.posix.join(path.posix.dirname(rel), specifier))
        : specifier;
      edges.push({ file: rel, specifier, target });
    }
  }
  return edges;
}

async function listTs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map(async (e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return listTs(full);
      return /\.tsx?$/.test(e.name) ? [full] : [];
    }),
  );
  return nested.flat();
}
