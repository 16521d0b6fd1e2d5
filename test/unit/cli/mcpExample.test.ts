/** examples/mcp does what its README says: its server starts from its .vscode/mcp.json, and its agent file grants backend its tools. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAgentFile } from '../../../src/core/agents/roles/agentFile';
import { resolveToolNames } from '../../../src/core/agents/roles/toolNames';
import { grantedTools } from '../../../src/core/mcp/grants';
import { mcpResultText } from '../../../src/core/mcp/resultText';
import { parseMcpConfig, type StdioServerDefinition } from '../../../src/core/mcp/serverConfig';
import { serverEnvironment, startStdioServer } from '../../../src/node/mcp/stdioServer';

const root = path.resolve(__dirname, '../../../examples/mcp');

test('examples/mcp: the issues server starts from .vscode/mcp.json, lists its tools and answers; backend is granted them', async () => {
  const config = parseMcpConfig(await fs.readFile(path.join(root, '.vscode/mcp.json'), 'utf8'), { workspaceFolder: root, userHome: os.homedir(), env: process.env, pathSeparator: path.sep });
  assert.deepEqual(config.problems, []);
  const def = config.servers[0] as StdioServerDefinition;
  assert.equal(def.kind, 'stdio');
  const signal = new AbortController().signal;
  const server = await startStdioServer(def, await serverEnvironment(def, process.env), '0.0.0', signal);
  try {
    assert.deepEqual(server.tools.map((t) => t.name), ['list_issues', 'get_issue']);
    const issue = mcpResultText(await server.callTool('get_issue', { id: 2 }, signal));
    assert.match(issue.text, /^#2 Empty titles are accepted \(open\)\n\nPOST \/tasks with an empty/);
    assert.deepEqual(mcpResultText(await server.callTool('get_issue', { id: 9 }, signal)), { text: 'No issue #9.', isError: true });
  } finally {
    await server.close();
  }
  const agent = parseAgentFile('.squad/agents/backend.agent.md', await fs.readFile(path.join(root, '.squad/agents/backend.agent.md'), 'utf8'));
  assert.ok(agent.kind === 'role', JSON.stringify(agent));
  assert.equal(agent.spec.name, 'backend');
  const grants = resolveToolNames(agent.spec.tools ?? []).other;
  assert.deepEqual(grants, ['issues/*']);
  const tools = [{ name: 'mcp__issues__list_issues', aliases: ['issues/list_issues'] }, { name: 'mcp__issues__get_issue', aliases: ['issues/get_issue'] }];
  assert.equal(grantedTools(tools, grants).length, 2);
});
