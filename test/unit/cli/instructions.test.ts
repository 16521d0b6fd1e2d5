import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agentSystemPrompt } from '../../../src/core/agents/prompt';
import { roleDefinition } from '../../../src/core/agents/roles';
import { instructionsLine } from '../../../src/cli/printRun';
import { agentTurns, call, planTurn } from '../../support/agentScripts';
import { runSquadCli } from '../../support/cliHarness';
import type { Script } from '../../support/script';
import { type RecordedRequest, type ScriptedServer, startScriptedServer } from '../../support/scriptedServer';
import { makeTempWorkspace } from '../../support/tempWorkspace';

const PLAN = {
  summary: 'Health endpoint and page',
  tasks: [
    { id: 't1', role: 'backend', title: 'Add /health', description: 'A health handler.', dependsOn: [], files: ['api/routes/health.ts'] },
    { id: 't2', role: 'frontend', title: 'Health page', description: 'A page showing it.', dependsOn: [], files: ['web/health.py'] },
  ],
};

// Long enough to pass the 2,000-token budget on its own (about 4 characters a token).
const OVERSIZED = Array.from({ length: 500 }, (_, i) => `- Copilot rule ${i}: spell it out.`).join('\n');

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'app' }),
  'api/routes/health.ts': 'export {};\n',
  'web/health.py': '\n',
  'AGENTS.md': 'ROOT-AGENTS: small commits, tabs.\n',
  'api/AGENTS.md': 'API-AGENTS: handlers return Result.\n',
  'web/AGENTS.md': 'WEB-AGENTS: components are functions.\n',
  '.github/instructions/ts.instructions.md': '---\napplyTo: "**/*.ts"\n---\nTS-RULE: strict mode.\n',
  '.github/instructions/py.instructions.md': '---\napplyTo: "**/*.py"\n---\nPY-RULE: type hints.\n',
  '.cursor/rules/db.mdc': '---\ndescription: Database\nglobs: db/**\nalwaysApply: false\n---\nDB-RULE: snake_case.\n',
  '.github/copilot-instructions.md': OVERSIZED,
  '.clinerules': 'CLINE-RULE: document public functions.\n',
};

function script(): Script {
  return {
    turns: [
      planTurn(PLAN),
      ...agentTurns('t1', [[call('finish', { summary: 'Nothing to change.' })]]),
      ...agentTurns('t2', [[call('finish', { summary: 'Nothing to change.' })]]),
    ],
  };
}

/** The system prompt and the first user message of an OpenAI chat-completions request. */
function promptOf(request: RecordedRequest | undefined): { system: string; first: string } {
  const messages = (request?.body as { messages?: { role: string; content: unknown }[] } | undefined)?.messages ?? [];
  const text = (m: { content: unknown } | undefined) => (typeof m?.content === 'string' ? m.content : JSON.stringify(m?.content ?? ''));
  return { system: text(messages.find((m) => m.role === 'system')), first: text(messages.find((m) => m.role === 'user')) };
}

describe('squad run with project instructions (scripted model)', () => {
  let server: ScriptedServer;
  let state: string;
  let ws: { root: string; dispose(): Promise<void> };
  let out: { plannerInstructions: { budget: number; files: { path: string; status: string }[] } | null; tasks: { id: string; instructions: { round: number; files: { path: string; status: string; why: string }[] }[] }[] };
  let stderr = '';

  before(async () => {
    server = await startScriptedServer(script(), { log: () => {} });
    state = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-instr-state-'));
    ws = await makeTempWorkspace(FILES);
    const env = { HOME: state, SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'scripted' };
    const result = await runSquadCli(['run', 'Add a health check', '--workspace', ws.root, '--json'], env, ws.root);
    assert.equal(result.code, 0, result.stderr);
    out = JSON.parse(result.stdout) as typeof out;
    stderr = result.stderr;
  });
  after(async () => {
    await server.close();
    await ws.dispose();
    await fs.rm(state, { recursive: true, force: true });
  });

  it('puts the root instructions in the planner\'s request, marked as the project\'s and as data', () => {
    const planner = promptOf(server.requests.find((r) => r.turnName === 'planner'));
    assert.match(planner.system, /Blocks labelled "project instructions" are the project's own conventions/);
    assert.match(planner.first, /<<untrusted-data source="project instructions AGENTS.md" id="[0-9a-f]+">>\nROOT-AGENTS/);
    // Past the budget: the oversized file is cut, the next one only named (the planner cannot read files).
    assert.match(planner.first, /\(\.github\/copilot-instructions\.md was cut to fit the 2,000-token budget for project instructions: its end is missing\.\)/);
    assert.match(planner.first, /Left out, over the 2,000-token budget for project instructions: \.clinerules\.\n/);
    // Nested and glob-scoped files are for the tasks that touch their files.
    assert.doesNotMatch(planner.first, /API-AGENTS|WEB-AGENTS|TS-RULE|PY-RULE|DB-RULE/);
    assert.ok(planner.first.indexOf('ROOT-AGENTS') < planner.first.indexOf('Feature request:'));
  });

  it('gives each task the nearest AGENTS.md, the root one and the rules matching its files, in its first message', () => {
    const t1 = promptOf(server.requests.find((r) => r.turnName === 't1 turn 0'));
    const t2 = promptOf(server.requests.find((r) => r.turnName === 't2 turn 0'));
    assert.match(t1.first, /source="project instructions api\/AGENTS.md"[^\n]*>>\nAPI-AGENTS/);
    assert.match(t1.first, /source="project instructions \.github\/instructions\/ts\.instructions\.md"[^\n]*>>\nTS-RULE/);
    assert.match(t1.first, /ROOT-AGENTS/);
    assert.doesNotMatch(t1.first, /WEB-AGENTS|PY-RULE|DB-RULE/);
    assert.match(t2.first, /WEB-AGENTS/);
    assert.match(t2.first, /PY-RULE/);
    assert.doesNotMatch(t2.first, /API-AGENTS|TS-RULE|DB-RULE/);
    // The task follows its instructions in the same message.
    assert.ok(t1.first.indexOf('API-AGENTS') < t1.first.indexOf('Your task (t1)'));
  });

  it('keeps the system prompt the stable prefix: the role\'s prompt alone, with no project text in it', () => {
    for (const [turn, role] of [['t1 turn 0', 'backend'], ['t2 turn 0', 'frontend']] as const) {
      const { system } = promptOf(server.requests.find((r) => r.turnName === turn));
      assert.equal(system, agentSystemPrompt(roleDefinition(role)));
      assert.match(system, /Blocks labelled "project instructions" are the project's own conventions/);
      assert.doesNotMatch(system, /AGENTS:|RULE:/);
    }
  });

  it('holds instructions to the budget: the oversized file is cut at a line and the prompt says so, the rest is left out and named', () => {
    const t1 = promptOf(server.requests.find((r) => r.turnName === 't1 turn 0'));
    assert.match(t1.first, /\(\.github\/copilot-instructions\.md was cut to fit the 2,000-token budget for project instructions: its end is missing; read_file shows it whole\.\)/);
    assert.match(t1.first, /Copilot rule 0:/);
    assert.doesNotMatch(t1.first, /Copilot rule 499:/);
    assert.match(t1.first, /Left out, over the 2,000-token budget for project instructions: \.clinerules \(read them with read_file/);
    assert.doesNotMatch(t1.first, /CLINE-RULE/);
    const block = /<<untrusted-data source="project instructions \.github\/copilot-instructions\.md"[^\n]*>>\n([\s\S]*?)\n<<\/untrusted-data/.exec(t1.first)?.[1] ?? '';
    const filesText = ['ROOT-AGENTS: small commits, tabs.', 'API-AGENTS: handlers return Result.', 'TS-RULE: strict mode.', block].join('');
    assert.ok(filesText.length / 4 <= 2000, `${filesText.length} characters of instructions`);
  });

  it('lists the files used for each task, and the planner\'s, in --json and the progress lines', () => {
    assert.deepEqual(out.plannerInstructions?.files.map((f) => [f.path, f.status]), [
      ['AGENTS.md', 'whole'],
      ['.github/copilot-instructions.md', 'truncated'],
      ['.clinerules', 'omitted'],
    ]);
    const t1 = out.tasks.find((t) => t.id === 't1');
    assert.deepEqual(t1?.instructions.map((r) => r.round), [0]);
    assert.deepEqual(t1?.instructions[0]?.files.map((f) => [f.path, f.status]), [
      ['api/AGENTS.md', 'whole'],
      ['AGENTS.md', 'whole'],
      ['.github/instructions/ts.instructions.md', 'whole'],
      ['.github/copilot-instructions.md', 'truncated'],
      ['.clinerules', 'omitted'],
    ]);
    assert.equal(t1?.instructions[0]?.files[0]?.why, 'nearest to api/routes/health.ts');
    const t2 = out.tasks.find((t) => t.id === 't2');
    assert.ok(t2?.instructions[0]?.files.some((f) => f.path === '.github/instructions/py.instructions.md' && f.status === 'whole'));
    assert.match(stderr, /t1 \[backend\] project instructions: api\/AGENTS\.md, AGENTS\.md, \.github\/instructions\/ts\.instructions\.md; cut to fit: \.github\/copilot-instructions\.md; left out: \.clinerules \(budget 2,000 tokens\)/);
  });

  it('the tree output names them under each task, each file once over its rounds', () => {
    const file = (path: string, status: 'whole' | 'truncated' | 'omitted' | 'duplicate') => ({ path, source: 'agents' as const, status, tokens: 10, why: 'always' });
    assert.equal(
      instructionsLine([
        { round: 0, budget: 2000, files: [file('AGENTS.md', 'whole'), file('CLAUDE.md', 'duplicate'), file('big.md', 'truncated'), file('late.md', 'omitted')] },
        { round: 1, budget: 2000, files: [file('AGENTS.md', 'whole'), file('big.md', 'omitted')] },
      ]),
      'project instructions: AGENTS.md (left out: big.md, late.md)',
    );
    assert.equal(instructionsLine([]), undefined);
  });
});
