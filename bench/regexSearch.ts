/**
 * What running the agents' regex searches on a worker thread costs over running them in-thread:
 * the search tool over a generated workspace, the same query both ways.
 */
import { performance } from 'node:perf_hooks';
import { executeToolCall } from '../src/core/tools/execute';
import { AGENT_TOOLS } from '../src/core/tools/index';
import type { RegexMatcher } from '../src/core/tools/regexMatcher';
import { createWorkerRegexMatcher } from '../src/node/regexWorker';
import { toolCall, toolFixture } from '../test/unit/core/tools/fixture';

export interface RegexSearchFigures {
  readonly files: number;
  readonly lines: number;
  readonly matches: number;
  readonly inThreadMs: number;
  readonly workerMs: number;
  /** The first call on a new matcher: starting the worker included. */
  readonly workerColdMs: number;
}

const FILES = 300;
const LINES_PER_FILE = 300;
const RUNS = 9;
const QUERY = 'function \\w+Handler\\(';

function source(file: number): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES_PER_FILE; i++) {
    lines.push(i === 150 && file % 10 === 0 ? `export function route${file}Handler(req, res) {` : `  const value${i} = compute(${file}, ${i}); // keeps the line a realistic length`);
  }
  return `${lines.join('\n')}\n`;
}

export async function benchRegexSearch(): Promise<RegexSearchFigures> {
  const files: Record<string, string> = {};
  for (let f = 0; f < FILES; f++) files[`src/module${f}.js`] = source(f);
  const fx = await toolFixture(files);
  const worker = createWorkerRegexMatcher();
  try {
    const search = async (regex: RegexMatcher | undefined) => {
      const started = performance.now();
      const result = await executeToolCall(AGENT_TOOLS, toolCall('search', { query: QUERY, regex: true }), regex ? { ...fx.ctx, regex } : fx.ctx);
      return { ms: performance.now() - started, matches: result.content.split('\n').filter((l) => l.includes('Handler(')).length };
    };
    const workerCold = await search(worker);
    const inThread: number[] = [];
    const onWorker: number[] = [];
    let matches = 0;
    for (let i = 0; i < RUNS; i++) {
      inThread.push((await search(undefined)).ms);
      const w = await search(worker);
      onWorker.push(w.ms);
      matches = w.matches;
    }
    return { files: FILES, lines: FILES * LINES_PER_FILE, matches, inThreadMs: median(inThread), workerMs: median(onWorker), workerColdMs: workerCold.ms };
  } finally {
    await worker.dispose();
    await fx.dispose();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
