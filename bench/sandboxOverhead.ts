/**
 * What the OS sandbox costs per test round: the same small `node --test` run (one test file that
 * requires a linked node_modules dependency) on the same staged tree, as a plain child process
 * and inside bubblewrap (no network; and with one allowed endpoint, which adds the relays and the
 * forwarder). Wall time around ProcessRunner.run, medians after a warm-up round.
 */
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CommandOptions, NetworkPolicy } from '../src/core/testing/runner';
import { createProcessRunner } from '../src/node/processRunner';
import { createStager } from '../src/node/staging';

export type SandboxOverheadFigures =
  | { readonly kind: 'none'; readonly reason: string }
  | {
      readonly kind: 'bwrap';
      readonly rounds: number;
      readonly plainMs: number;
      readonly sandboxedMs: number;
      readonly endpointsMs: number;
    };

const FILES: Record<string, string> = {
  'package.json': '{ "name": "bench-sandbox", "private": true }\n',
  'src/sum.js': 'const add = require("adder");\nmodule.exports = (xs) => xs.reduce(add, 0);\n',
  'test/sum.test.js': "const test = require('node:test');\nconst assert = require('node:assert');\nconst sum = require('../src/sum');\ntest('sum', () => assert.strictEqual(sum([1, 2, 3]), 6));\n",
  'node_modules/adder/index.js': 'module.exports = (a, b) => a + b;\n',
};

export async function benchSandboxOverhead(rounds = 15): Promise<SandboxOverheadFigures> {
  const runner = createProcessRunner();
  const info = await runner.sandboxInfo();
  if (info.kind === 'none') return { kind: 'none', reason: info.description };
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-sandbox-'));
  const server = net.createServer((socket) => socket.end());
  try {
    for (const [rel, content] of Object.entries(FILES)) {
      await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await fs.writeFile(path.join(root, rel), content);
    }
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const tree = await createStager(root).stage([]);
    try {
      const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}` };
      const base: CommandOptions = { cwd: tree.dir, env, timeoutMs: 60_000, maxOutputBytes: 1 << 20 };
      const round = async (network?: NetworkPolicy): Promise<number> => {
        const start = performance.now();
        const result = await runner.run('node --test', network ? { ...base, sandbox: { ...tree.sandbox, network } } : base);
        const ms = performance.now() - start;
        if (result.exitCode !== 0) throw new Error(`the bench round failed:\n${result.output}`);
        return ms;
      };
      const plain: number[] = [];
      const sandboxed: number[] = [];
      const endpoints: number[] = [];
      const endpointPolicy: NetworkPolicy = { kind: 'endpoints', endpoints: [{ host: 'localhost', port }] };
      // Interleaved, so drift in the machine's load touches all three alike; round 0 warms up.
      for (let i = 0; i <= rounds; i++) {
        const p = await round();
        const s = await round({ kind: 'none' });
        const e = await round(endpointPolicy);
        if (i === 0) continue;
        plain.push(p);
        sandboxed.push(s);
        endpoints.push(e);
      }
      return { kind: 'bwrap', rounds, plainMs: median(plain), sandboxedMs: median(sandboxed), endpointsMs: median(endpoints) };
    } finally {
      await tree.dispose();
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fs.rm(root, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
