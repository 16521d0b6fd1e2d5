/**
 * A synthetic monorepo, built deterministically in a temp folder: `files` source files in
 * packages/<p>/src/<module>/, `bytes` in all, each file a slice of one generated corpus of
 * code-like lines (a seeded generator, so every build is byte-identical). A root .gitignore and
 * ignored node_modules/ and dist/ folders in some packages give the walk real rules to apply.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { seeded } from '../editSource';

export interface RepoSpec {
  readonly files: number;
  readonly bytes: number;
}

export interface BuiltRepo {
  readonly root: string;
  readonly files: number;
  readonly bytes: number;
  readonly buildMs: number;
}

const PACKAGES = 100;
const MODULES_PER_PACKAGE = 50;
const WRITE_CONCURRENCY = 16;
const CORPUS_BYTES = 4 * 1024 * 1024;
/** No file reaches the search tool's 1 MB line-matching cap: every byte is searched. */
const MAX_FILE_BYTES = 900 * 1024;

const WORDS = ['user', 'order', 'account', 'invoice', 'session', 'token', 'cache', 'queue', 'event', 'handler', 'route', 'schema', 'record', 'payload', 'config', 'client', 'server', 'report', 'metric', 'widget'];

function corpus(): Buffer {
  const next = seeded(42);
  const pick = () => WORDS[Math.floor(next() * WORDS.length)] as string;
  const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  const lines: string[] = [];
  let size = 0;
  while (size < CORPUS_BYTES) {
    const kind = Math.floor(next() * 6);
    const line = [
      `export function ${pick()}${cap(pick())}(${pick()}: ${cap(pick())}): ${cap(pick())} {`,
      `  const ${pick()}${cap(pick())} = await this.${pick()}.${pick()}(${pick()}, ${Math.floor(next() * 1000)});`,
      `  if (!${pick()}) throw new Error('${pick()} ${pick()} is missing for ${pick()}');`,
      `  return { ${pick()}, ${pick()}: ${pick()}.${pick()}, count: ${Math.floor(next() * 100)} };`,
      `}`,
      `// ${pick()} ${pick()} ${pick()}: keeps the ${pick()} in step with the ${pick()}`,
    ][kind] as string;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Start offsets of the corpus's lines, so each file begins on a line. */
function lineStarts(text: Buffer): number[] {
  const starts = [0];
  for (let i = text.indexOf(10); i >= 0 && i < text.length - 1; i = text.indexOf(10, i + 1)) starts.push(i + 1);
  return starts;
}

export async function buildRepo(root: string, spec: RepoSpec): Promise<BuiltRepo> {
  const started = performance.now();
  const text = corpus();
  const starts = lineStarts(text);
  const next = seeded(7);
  const perFile = spec.bytes / spec.files;
  const folders = new Set<string>();
  const jobs: { rel: string; start: number; size: number }[] = [];
  let total = 0;
  for (let i = 0; i < spec.files; i++) {
    const pkg = i % PACKAGES;
    const mod = Math.floor(i / PACKAGES) % MODULES_PER_PACKAGE;
    const dir = `packages/p${pkg}/src/m${mod}`;
    folders.add(dir);
    // Sizes spread from a quarter to 1.75 × the mean, so the total stays close to the goal.
    const size = Math.min(MAX_FILE_BYTES, Math.max(64, Math.round(perFile * (0.25 + 1.5 * next()))), text.length - 1);
    const start = starts[Math.floor(next() * starts.length)] as number;
    jobs.push({ rel: `${dir}/file${i}.ts`, start: Math.min(start, text.length - size), size });
    total += size;
  }
  await fs.mkdir(root, { recursive: true });
  await fs.writeFile(path.join(root, '.gitignore'), 'node_modules/\ndist/\n*.log\n');
  for (let p = 0; p < PACKAGES; p += 10) {
    // Ignored content the walk must skip without reading: a few files per ignored folder.
    for (const ignored of [`packages/p${p}/node_modules/dep`, `packages/p${p}/dist`]) {
      await fs.mkdir(path.join(root, ignored), { recursive: true });
      for (let k = 0; k < 5; k++) await fs.writeFile(path.join(root, ignored, `f${k}.js`), text.subarray(0, 2048));
    }
    await fs.writeFile(path.join(root, `packages/p${p}/.gitignore`), '*.generated.ts\n');
  }
  await Promise.all([...folders].map((d) => fs.mkdir(path.join(root, d), { recursive: true })));
  let at = 0;
  const lane = async () => {
    while (at < jobs.length) {
      const job = jobs[at++]!;
      await fs.writeFile(path.join(root, job.rel), text.subarray(job.start, job.start + job.size));
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, lane));
  return { root, files: spec.files, bytes: total, buildMs: performance.now() - started };
}
