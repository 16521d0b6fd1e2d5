/**
 * What kind of project this is: languages by file extension, frameworks by dependency names (and,
 * for dependency-free Node projects, by `node:` built-in imports), and the command that runs its tests.
 */
import { cancelledError } from '../common/errors';
import type { Workspace } from '../ports';
import type { Manifest } from './manifests';
import { readSmallText } from './manifests';

const LANGUAGES: Record<string, string> = {
  ts: 'TypeScript', tsx: 'TypeScript', mts: 'TypeScript', cts: 'TypeScript',
  js: 'JavaScript', jsx: 'JavaScript', mjs: 'JavaScript', cjs: 'JavaScript',
  py: 'Python', go: 'Go', rs: 'Rust', java: 'Java', kt: 'Kotlin', rb: 'Ruby', php: 'PHP',
  cs: 'C#', c: 'C', h: 'C', cpp: 'C++', cc: 'C++', hpp: 'C++', swift: 'Swift', scala: 'Scala',
  sql: 'SQL', html: 'HTML', css: 'CSS', scss: 'CSS', vue: 'Vue', svelte: 'Svelte',
  sh: 'Shell', dart: 'Dart', ex: 'Elixir', exs: 'Elixir',
};

export interface LanguageCount {
  readonly language: string;
  readonly files: number;
}

/** Languages by number of files, most first. */
export function detectLanguages(files: readonly string[], max = 8): LanguageCount[] {
  const counts = new Map<string, number>();
  for (const f of files) {
    const ext = /\.([A-Za-z0-9]+)$/.exec(f)?.[1]?.toLowerCase();
    const lang = ext ? LANGUAGES[ext] : undefined;
    if (lang) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  return [...counts]
    .map(([language, n]) => ({ language, files: n }))
    .sort((a, b) => b.files - a.files || (a.language < b.language ? -1 : 1))
    .slice(0, max);
}

/** Dependency name (exact, or a Go/Rust module path ending) → the framework's display name. */
const FRAMEWORKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^express$/, 'Express'], [/^fastify$/, 'Fastify'], [/^koa$/, 'Koa'], [/^@hapi\/hapi$/, 'hapi'],
  [/^@nestjs\/core$/, 'NestJS'], [/^hono$/, 'Hono'],
  [/^react$/, 'React'], [/^vue$/, 'Vue'], [/^svelte$/, 'Svelte'], [/^@angular\/core$/, 'Angular'],
  [/^next$/, 'Next.js'], [/^nuxt$/, 'Nuxt'], [/^@sveltejs\/kit$/, 'SvelteKit'], [/^solid-js$/, 'Solid'],
  [/^vite$/, 'Vite'], [/^tailwindcss$/, 'Tailwind CSS'],
  [/^jest$/, 'Jest'], [/^vitest$/, 'Vitest'], [/^mocha$/, 'Mocha'], [/^ava$/, 'AVA'],
  [/^@playwright\/test$/, 'Playwright'], [/^cypress$/, 'Cypress'], [/^supertest$/, 'supertest'],
  [/^prisma$|^@prisma\/client$/, 'Prisma'], [/^typeorm$/, 'TypeORM'], [/^sequelize$/, 'Sequelize'],
  [/^knex$/, 'Knex'], [/^drizzle-orm$/, 'Drizzle'], [/^mongoose$/, 'Mongoose'], [/^pg$/, 'PostgreSQL (pg)'],
  [/^mysql2?$/, 'MySQL'], [/^(better-)?sqlite3$/, 'SQLite'], [/^redis$|^ioredis$/, 'Redis'],
  [/^django$/, 'Django'], [/^flask$/, 'Flask'], [/^fastapi$/, 'FastAPI'], [/^sqlalchemy$/, 'SQLAlchemy'],
  [/^pytest$/, 'pytest'], [/^pydantic$/, 'Pydantic'],
  [/gin-gonic\/gin$/, 'Gin'], [/labstack\/echo/, 'Echo'], [/gofiber\/fiber/, 'Fiber'], [/gorm\.io\/gorm$/, 'GORM'],
  [/^actix-web$/, 'Actix Web'], [/^axum$/, 'Axum'], [/^rocket$/, 'Rocket'], [/^diesel$/, 'Diesel'], [/^sqlx$/, 'SQLx'],
  [/^tokio$/, 'Tokio'],
];

export function frameworksFromManifests(manifests: readonly Manifest[]): string[] {
  const found = new Set<string>();
  for (const m of manifests) {
    for (const dep of [...m.dependencies, ...m.devDependencies]) {
      for (const [pattern, label] of FRAMEWORKS) if (pattern.test(dep.toLowerCase())) found.add(label);
    }
    for (const script of Object.values(m.scripts)) if (/\bnode\s+(.*\s)?--test\b/.test(script)) found.add('node:test');
  }
  return [...found];
}

const NODE_BUILTINS = ['test', 'sqlite', 'http'] as const;
const SOURCE_FILE = /\.(m|c)?(j|t)sx?$/;
const MAX_SCANNED_FILES = 60;
const MAX_SCANNED_BYTES = 64 * 1024;

/**
 * `node:test`, `node:sqlite`, `node:http` imports in a few small source files. Only worth it when
 * the project has a package.json: a zero-dependency Node app names its stack nowhere else.
 */
export async function nodeBuiltinsInUse(workspace: Workspace, files: readonly string[], signal?: AbortSignal): Promise<string[]> {
  const found = new Set<string>();
  const sources = files.filter((f) => SOURCE_FILE.test(f)).slice(0, MAX_SCANNED_FILES);
  for (const file of sources) {
    if (signal?.aborted) throw cancelledError(signal);
    const text = await readSmallText(workspace, file, MAX_SCANNED_BYTES);
    if (text === undefined) continue;
    for (const name of NODE_BUILTINS) {
      if (new RegExp(`['"]node:${name}['"]`).test(text)) found.add(`node:${name}`);
    }
    if (found.size === NODE_BUILTINS.length) break;
  }
  return NODE_BUILTINS.map((n) => `node:${n}`).filter((n) => found.has(n));
}

export interface TestCommand {
  readonly command: string;
  /** Where it came from, e.g. `package.json scripts.test: node --test`. */
  readonly source: string;
}

