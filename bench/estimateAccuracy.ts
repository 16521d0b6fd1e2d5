/**
 * How close the plan gate's estimate (core/budget/estimate.ts, from prompt sizes: no earlier runs)
 * comes to what the run then sent: the offline demo's recorded session replayed through `squad run
 * --test-cmd "node --test" --yes` on a copy of examples/taskboard. "Used" is counted, not taken from
 * the scripted server's made-up usage: each request the server received (system prompt, messages,
 * tool calls, tool schemas) and each scripted reply, in o200k_base tokens. Per task its own turns;
 * fix rounds are beyond the estimate (it prices the tasks, not the test loop) and shown apart.
 * `node --import tsx bench/estimateAccuracy.ts` prints it alone.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunEvent, RunEventOf } from '../src/core/run/events';
import { runSquadCli } from '../test/support/cliHarness';
import type { Script, ScriptedTurn } from '../test/support/script';
import { startScriptedServer } from '../test/support/scriptedServer';
import { countTokens } from './tokens';

const REQUEST = 'Add due dates to tasks and let users filter overdue tasks';
const repoRoot = path.resolve(__dirname, '..');

export interface TaskAccuracy {
  readonly taskId: string;
  readonly role: string;
  readonly estimated: number;
  /** Tokens of the task's own turns (input + output), counted. */
  readonly used: number;
  readonly calls: number;
}

export interface EstimateAccuracy {
  readonly tasks: readonly TaskAccuracy[];
  readonly estimatedTotal: number;
  readonly usedTotal: number;
  /** The test loop's fix rounds, not part of the estimate. */
  readonly fixTokens: number;
  readonly fixCalls: number;
  readonly estimatedUsd?: number;
}

export async function benchEstimateAccuracy(): Promise<EstimateAccuracy> {
  const recorded = JSON.parse(await fs.readFile(path.join(repoRoot, 'examples/demo/session.json'), 'utf8')) as Script;
  const turns = recorded.turns.map(({ delayMs: _delay, ...turn }) => turn);
  const server = await startScriptedServer({ turns }, { log: () => {} });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-estimate-'));
  try {
    const workspace = path.join(tmp, 'taskboard');
    await fs.cp(path.join(repoRoot, 'examples/taskboard'), workspace, { recursive: true, filter: (src) => !/[\\/](node_modules|data)$/.test(src) });
    // A priced model name, so the estimate carries a cost; the scripted server answers any name.
    const env = { HOME: tmp, PATH: process.env['PATH'] ?? '', SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'gpt-4.1-mini' };
    const argv = ['run', REQUEST, '--workspace', workspace, '--journal', path.join(tmp, 'journal'), '--test-cmd', 'node --test', '--yes', '--json'];
    const result = await runSquadCli(argv, env, workspace);
    if (result.code !== 0) throw new Error(`the demo run failed:\n${result.stderr}`);
    const file = /\(journal: (.+?)\)/.exec(result.stderr)?.[1] ?? '';
    const events = (await fs.readFile(file, 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as RunEvent);
    const estimate = events.find((e): e is RunEventOf<'plan.estimated'> => e.type === 'plan.estimated');
    if (!estimate) throw new Error('the run journaled no plan.estimated');

    const used = new Map<string, { tokens: number; calls: number }>();
    let fixTokens = 0;
    let fixCalls = 0;
    for (const req of server.requests) {
      const name = req.turnName ?? '';
      const task = /^(t\d+) /.exec(name)?.[1];
      if (!task || req.turnIndex < 0) continue; // the planner (before the estimate) or an unanswered request
      const tokens = requestTokens(req.body) + replyTokens(turns[req.turnIndex]?.reply);
      if (name.includes('fix round')) {
        fixTokens += tokens;
        fixCalls++;
        continue;
      }
      const u = used.get(task) ?? { tokens: 0, calls: 0 };
      used.set(task, { tokens: u.tokens + tokens, calls: u.calls + 1 });
    }
    const tasks = estimate.tasks.map((t) => ({ taskId: t.taskId, role: t.role, estimated: t.tokens, used: used.get(t.taskId)?.tokens ?? 0, calls: used.get(t.taskId)?.calls ?? 0 }));
    return {
      tasks,
      estimatedTotal: estimate.total.tokens,
      usedTotal: tasks.reduce((n, t) => n + t.used, 0),
      fixTokens,
      fixCalls,
      ...(estimate.total.usd === undefined ? {} : { estimatedUsd: estimate.total.usd }),
    };
  } finally {
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** An OpenAI chat request as sent: every text the model reads, and the tool schemas. */
function requestTokens(body: unknown): number {
  const b = body as { messages?: { content?: unknown; tool_calls?: { function: { name: string; arguments: string } }[] }[]; tools?: unknown[] };
  let tokens = 0;
  for (const m of b.messages ?? []) {
    tokens += countTokens(contentText(m.content));
    for (const c of m.tool_calls ?? []) tokens += countTokens(c.function.name + c.function.arguments);
  }
  if (b.tools && b.tools.length > 0) tokens += countTokens(JSON.stringify(b.tools));
  return tokens;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: { text?: string }) => p.text ?? '').join('');
  return '';
}

function replyTokens(reply: ScriptedTurn['reply']): number {
  if (!reply) return 0;
  const calls = (reply.toolCalls ?? []).map((c) => c.name + (typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {})));
  return countTokens([reply.text ?? '', ...calls].join(''));
}

const k = (n: number) => `${(n / 1000).toFixed(1)}k`;
const ratio = (estimated: number, used: number) => (used === 0 ? 'n/a' : `${(estimated / used).toFixed(2)} ×`);

export function estimateAccuracyRows(f: EstimateAccuracy): [string, string][] {
  return [
    ...f.tasks.map((t): [string, string] => [`${t.taskId} ${t.role} (${t.calls} calls)`, `estimated ${k(t.estimated)}, used ${k(t.used)} tokens: ${ratio(t.estimated, t.used)}`]),
    ['run total (tasks)', `estimated ${k(f.estimatedTotal)}${f.estimatedUsd === undefined ? '' : ` (~$${f.estimatedUsd.toFixed(3)})`}, used ${k(f.usedTotal)} tokens: ${ratio(f.estimatedTotal, f.usedTotal)}`],
    [`fix rounds (${f.fixCalls} calls, not estimated)`, `${k(f.fixTokens)} tokens`],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void benchEstimateAccuracy().then((f) => {
    for (const [label, value] of estimateAccuracyRows(f)) console.log(`${label.padEnd(48)} ${value}`);
  });
}
