import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importEdges, importsOf, type ImportEdge } from '../support/importGraph';

// The layering rules of docs/design.md, enforced on the real source tree.
const repoRoot = path.resolve(__dirname, '../..');
const VENDOR_SDKS = ['openai', '@anthropic-ai/sdk'];

const isVendorSdk = (target: string) => VENDOR_SDKS.some((sdk) => target === sdk || target.startsWith(`${sdk}/`));
const describeEdges = (edges: ImportEdge[]) => edges.map((e) => `${e.file} imports '${e.specifier}'`).join('\n');

const CORE_FORBIDDEN = ['src/node', 'src/vscode', 'src/webview', 'src/cli'];

export function coreViolations(edges: ImportEdge[]): ImportEdge[] {
  return edges.filter(
    (e) => e.file.startsWith('src/core/') && (e.target === 'vscode' || CORE_FORBIDDEN.some((dir) => e.target.startsWith(dir))),
  );
}

export function sdkViolations(edges: ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => isVendorSdk(e.target) && !e.file.startsWith('src/core/llm/'));
}

/**
 * Processes start in the sandboxed runner (processRunner, its process tree and sandbox/; the
 * workspace tools' ripgrep too, through its streamProgram), or as Squad's own fixed git commands
 * (squadGit.ts); nowhere else. (The user's approved MCP servers are started by the MCP SDK, which only src/node/mcp/
 * imports: see mcpSdkViolations.)
 */
const PROCESS_STARTERS = ['src/node/processRunner.ts', 'src/node/processTree.ts', 'src/node/sandbox/', 'src/node/squadGit.ts'];

export function processViolations(edges: ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => (e.target === 'child_process' || e.target === 'node:child_process') && !PROCESS_STARTERS.some((p) => e.file.startsWith(p)));
}

/**
 * The MCP SDK's stdio client starts the user's MCP servers (processes outside the sandbox, approved
 * per workspace): only the launcher in src/node/mcp/ may import it.
 */
const MCP_SDK = '@modelcontextprotocol/sdk';

export function mcpSdkViolations(edges: ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => (e.target === MCP_SDK || e.target.startsWith(`${MCP_SDK}/`)) && !e.file.startsWith('src/node/mcp/'));
}

export function webviewViolations(edges: ImportEdge[]): ImportEdge[] {
  const leavesView = (e: ImportEdge) =>
    e.specifier.startsWith('.')
      ? !e.target.startsWith('src/webview') && !e.target.startsWith('src/protocol')
      : e.target === 'vscode' || isVendorSdk(e.target);
  return edges.filter((e) => e.file.startsWith('src/webview/') && leavesView(e));
}

/**
 * The run's steps live in the core's driver (src/core/run/driver.ts) and its one apply
 * (src/core/review/applyRun.ts). A front end that imports one of these modules is doing a step
 * itself instead of configuring the driver and answering its questions.
 */
const LIFECYCLE_STEPS = [
  'src/core/plan/planner', // planning
  'src/core/agents/squad', // the agents
  'src/core/schedule/scheduler', // scheduling them
  'src/core/testing/setup', // choosing and approving the test command
  'src/core/testing/loop', // the test loop
  'src/core/testing/round',
  'src/core/testing/execution',
  'src/core/testing/baseline',
  'src/core/testing/selectionRun', // testing an accepted selection (the driver's testAcceptedSelection)
  'src/core/review/selection', // what an apply writes
  'src/core/review/applyPlan',
  'src/core/workspace/summary', // what the planner sees
];
/** Types and constants a front end may take from a step module (the port it implements, a role name). */
const ALLOWED_FROM_STEPS: Record<string, readonly string[]> = {
  'src/core/plan/planner': ['PLANNER_ROLE', 'PlanFeatureResult'],
  'src/core/review/applyPlan': ['CurrentFile', 'PlannedWrite'],
  'src/core/testing/execution': ['DEFAULT_TEST_TIMEOUT_MS', 'DEFAULT_MAX_OUTPUT_BYTES', 'TestExecution'],
  'src/core/workspace/summary': ['SUMMARY_NOISE_GLOBS'],
};

export async function stepViolations(root: string, dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    for (const edge of await importEdges(root, dir)) {
      const step = LIFECYCLE_STEPS.find((m) => edge.target === m || edge.target === `${m}.ts`);
      if (!step) continue;
      const text = await fs.readFile(path.join(root, edge.file), 'utf8');
      const clause = new RegExp(`import\\s+(?:type\\s+)?\\{([^}]*)\\}\\s*from\\s*['"]${edge.specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`).exec(text);
      const names = clause ? clause[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!).filter((n) => n !== '') : ['*'];
      const bad = names.filter((n) => !(ALLOWED_FROM_STEPS[step] ?? []).includes(n));
      if (bad.length > 0) out.push(`${edge.file} takes ${bad.join(', ')} from ${step}: a front end configures the driver instead of doing this step`);
    }
  }
  return out;
}

test('the import scanner sees every import form', () => {
  const source = `import * as vscode from 'vscode';\nimport type { A } from "../a";\nexport { b } from './b';\nimport './side';\nconst c = require('c');\nconst d = await import('d');`;
  assert.deepEqual(importsOf(source).sort(), ['../a', './b', './side', 'c', 'd', 'vscode']);
});

test('the rules catch a violation when one exists', () => {
  const edges: ImportEdge[] = [
    { file: 'src/core/x.ts', specifier: 'vscode', target: 'vscode' },
    { file: 'src/core/plan/y.ts', specifier: '../../node/fsStorage', target: 'src/node/fsStorage' },
    { file: 'src/cli/main.ts', specifier: 'openai', target: 'openai' },
    { file: 'src/webview/main.ts', specifier: '../core/plan/schema', target: 'src/core/plan/schema' },
    { file: 'src/node/checkpointGit.ts', specifier: 'node:child_process', target: 'node:child_process' },
  ];
  assert.equal(coreViolations(edges).length, 2);
  assert.equal(sdkViolations(edges).length, 1);
  assert.equal(webviewViolations(edges).length, 1);
  assert.equal(processViolations(edges).length, 1);
});

test('src/core imports no vscode, src/node, src/vscode, src/webview or src/cli', async () => {
  const edges = await importEdges(repoRoot, 'src/core');
  assert.ok(edges.length > 0, 'src/core has imports to check');
  assert.deepEqual(coreViolations(edges), [], describeEdges(coreViolations(edges)));
});

test('only src/core/llm imports the vendor SDKs', async () => {
  const edges = (await Promise.all(['src', 'test', 'bench'].map((d) => importEdges(repoRoot, d)))).flat();
  const outside = sdkViolations(edges).filter((e) => e.file.startsWith('src/'));
  assert.deepEqual(outside, [], describeEdges(outside));
});

test('processes start only in the sandboxed runner or as Squad\'s own git commands', async () => {
  const edges = await importEdges(repoRoot, 'src');
  assert.deepEqual(processViolations(edges), [], describeEdges(processViolations(edges)));
});

test('only src/node/mcp starts MCP servers (imports the MCP SDK)', async () => {
  const edges = await importEdges(repoRoot, 'src');
  assert.ok(edges.some((e) => e.file.startsWith('src/node/mcp/') && e.target.startsWith(MCP_SDK)), 'the launcher is where the rule expects it');
  assert.deepEqual(mcpSdkViolations(edges), [], describeEdges(mcpSdkViolations(edges)));
  const stray: ImportEdge = { file: 'src/cli/mcpSetup.ts', specifier: '@modelcontextprotocol/sdk/client/stdio.js', target: '@modelcontextprotocol/sdk/client/stdio.js' };
  assert.equal(mcpSdkViolations([stray]).length, 1);
});

test('front ends re-implement no step of the run: they configure the core driver and answer its questions', async () => {
  assert.deepEqual(await stepViolations(repoRoot, ['src/cli', 'src/vscode']), []);
});

test('the step rule catches a front end that runs the agents or the test loop itself', async () => {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-arch-'));
  try {
    await fs.mkdir(path.join(tmp, 'src/cli'), { recursive: true });
    await fs.writeFile(path.join(tmp, 'src/cli/run.ts'), "import { createSquad } from '../core/agents/squad';\nimport { runTestLoop } from '../core/testing/loop';\nimport { PLANNER_ROLE } from '../core/plan/planner';\n");
    const found = await stepViolations(tmp, ['src/cli']);
    assert.equal(found.length, 2, found.join('\n'));
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
});

test('src/webview imports only src/protocol', async () => {
  const edges = await importEdges(repoRoot, 'src/webview');
  assert.deepEqual(webviewViolations(edges), [], describeEdges(webviewViolations(edges)));
});
