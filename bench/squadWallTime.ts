/**
 * Wall time of executing a plan against a model with a fixed latency per call, compared with its
 * critical-path bound (the longest dependency chain of model calls × latency) and with running
 * the same tasks one after another. Also the orchestrator's CPU time per model call.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeSquad } from '../src/core/agents/squad';
import { createOpenAIChatModel } from '../src/core/llm/openai';
import type { Plan } from '../src/core/plan/schema';
import { criticalPathLength } from '../src/core/plan/validate';
import { RunSession } from '../src/core/run/session';
import { createSandbox } from '../src/core/tools';
import { createFsStorage } from '../src/node/fsStorage';
import { createFsWorkspace } from '../src/node/fsWorkspace';
import { agentTurns, call } from '../test/support/agentScripts';
import type { Script } from '../test/support/script';
import { startServerProcess } from './serverProcess';

/** Each task's agent makes three model calls: read, propose, finish. */
const TURNS_PER_TASK = 3;

export interface WallTimeResult {
  readonly name: string;
  readonly tasks: number;
  readonly latencyMs: number;
  /** Longest chain of model calls × the nominal latency. */
  readonly criticalPathMs: number;
  /** Longest chain of model calls × the measured round trip of one bare call to the same server. */
  readonly criticalPathMeasuredMs: number;
  readonly callRoundTripMs: number;
  readonly parallelMs: number;
  readonly sequentialMs: number;
  readonly modelCalls: number;
  readonly cpuMsPerCall: number;
}

export function samplePlan(): Plan {
  return {
    summary: 'Due dates',
    tasks: [
      { id: 't1', role: 'database', title: 'db', description: 'db', dependsOn: [] },
      { id: 't2', role: 'backend', title: 'api', description: 'api', dependsOn: ['t1'] },
      { id: 't3', role: 'frontend', title: 'ui', description: 'ui', dependsOn: ['t2'] },
      { id: 't4', role: 'qa', title: 'tests', description: 'tests', dependsOn: ['t1', 't2'] },
    ],
  };
}

/** A 20-task DAG of four layers with uneven fan-in, at most four tasks ready at once. */
export function dag20(): Plan {
  const roles = ['database', 'backend', 'frontend', 'qa'];
  const tasks = Array.from({ length: 20 }, (_, i) => {
    const layer = Math.floor(i / 4);
    const deps = layer === 0 ? [] : [`t${(layer - 1) * 4 + (i % 4)}`, ...(i % 2 === 0 ? [`t${(layer - 1) * 4 + ((i + 1) % 4)}`] : [])];
    return { id: `t${i}`, role: roles[i % 4] as string, title: `task ${i}`, description: `task ${i}`, dependsOn: deps };
  });
  return { summary: 'A 20-task DAG', tasks };
}

/** Median time of one model call with no orchestration around it: latency plus HTTP and SDK. */
async function bareCallRoundTrip(baseUrl: string): Promise<number> {
  const model = createOpenAIChatModel({ model: 'bench', baseUrl, maxRetries: 0 });
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const start = performance.now();
    await model.complete({ system: 'probe', messages: [{ role: 'user', content: 'round trip probe' }] });
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

function scriptFor(plan: Plan, latencyMs: number): Script {
  return {
    latencyMs,
    turns: [
      { name: 'probe', match: { contains: ['round trip probe'] }, reply: { text: 'ok', usage: { input: 5, output: 1 } } },
      ...plan.tasks.flatMap((t) =>
      agentTurns(t.id, [
        [call('read_file', { path: 'README.md' })],
        [call('create_file', { path: `src/gen/${t.id}.ts`, content: `export const ${t.id} = true;\n` })],
        [call('finish', { summary: `${t.id} done` })],
      ]),
      ),
    ],
  };
}

async function timeRun(plan: Plan, baseUrl: string, concurrency: number): Promise<{ ms: number; cpuMs: number; calls: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-'));
  try {
    const root = path.join(dir, 'ws');
    await fs.mkdir(root);
    await fs.writeFile(path.join(root, 'README.md'), '# bench\n');
    const workspace = createFsWorkspace(root);
    const session = await RunSession.start({ storage: createFsStorage(path.join(dir, 'journal')), request: 'bench', workspaceName: 'ws', roles: ['database', 'backend', 'frontend', 'qa'] });
    await session.emit({ type: 'plan.proposed', plan, attempt: 1 });
    await session.emit({ type: 'plan.approved', by: 'auto' });
    const model = createOpenAIChatModel({ model: 'bench', baseUrl, maxRetries: 0 });
    const cpu = process.cpuUsage();
    const start = performance.now();
    const { outcome } = await executeSquad({ session, workspace, sandbox: createSandbox(workspace), modelFor: () => model, concurrency }, new AbortController().signal);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (outcome !== 'completed') throw new Error(`bench run ended ${outcome}`);
    const calls = session.events.filter((e) => e.type === 'model.turn').length;
    return { ms, cpuMs: (used.user + used.system) / 1000, calls };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export async function benchWallTime(name: string, plan: Plan, latencyMs = 150, concurrency = 4): Promise<WallTimeResult> {
  const server = await startServerProcess(scriptFor(plan, latencyMs));
  try {
    await timeRun(plan, server.openaiBaseUrl, concurrency); // warm-up: JIT, connection pool
    const roundTrip = await bareCallRoundTrip(server.openaiBaseUrl);
    const parallel = await timeRun(plan, server.openaiBaseUrl, concurrency);
    const sequential = await timeRun(plan, server.openaiBaseUrl, 1);
    return {
      name,
      tasks: plan.tasks.length,
      latencyMs,
      criticalPathMs: criticalPathLength(plan, () => TURNS_PER_TASK * latencyMs),
      criticalPathMeasuredMs: criticalPathLength(plan, () => TURNS_PER_TASK * roundTrip),
      callRoundTripMs: roundTrip,
      parallelMs: parallel.ms,
      sequentialMs: sequential.ms,
      modelCalls: parallel.calls,
      cpuMsPerCall: parallel.cpuMs / parallel.calls,
    };
  } finally {
    await server.close();
  }
}
