import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { McpServerApprovals } from '../../../../src/core/mcp/approval';
import { parseMcpConfig, type StdioServerDefinition } from '../../../../src/core/mcp/serverConfig';
import { createFsStorage } from '../../../../src/node/fsStorage';

const VARS = { workspaceFolder: '/ws/app', userHome: '/home/me', env: { GITHUB_TOKEN: 'tok' }, pathSeparator: '/' };

test('.vscode/mcp.json: VS Code\'s format with comments, variables; non-stdio and ${input:…} servers reported', () => {
  const text = `{
    // servers
    "servers": {
      "github": { "type": "stdio", "command": "npx", "args": ["-y", "server", 3], "env": { "TOKEN": "\${env:GITHUB_TOKEN}", "DROP": null }, "envFile": "\${workspaceFolder}/.env", },
      "local": { "command": "node", "args": ["\${workspaceFolder}\${/}mcp.js"], "cwd": "\${userHome}" },
      "web": { "type": "http", "url": "https://example.invalid/mcp" },
      "asks": { "type": "stdio", "command": "x", "env": { "KEY": "\${input:api-key}" } },
      "bad": { "type": "stdio", "args": "not a list" },
    },
    "inputs": [],
  }`;
  const config = parseMcpConfig(text, VARS);
  assert.deepEqual(config.servers.filter((s) => s.kind === 'stdio'), [
    { kind: 'stdio', name: 'github', command: 'npx', args: ['-y', 'server', '3'], env: { TOKEN: 'tok' }, envFile: '/ws/app/.env' },
    { kind: 'stdio', name: 'local', command: 'node', args: ['/ws/app/mcp.js'], env: {}, cwd: '/home/me' },
  ]);
  const unsupported = Object.fromEntries(config.servers.flatMap((s) => (s.kind === 'unsupported' ? [[s.name, s.why]] : [])));
  assert.match(unsupported.web ?? '', /a http server; the CLI starts only stdio servers/);
  assert.match(unsupported.asks ?? '', /\$\{input:api-key\}, which only VS Code can prompt for/);
  assert.equal(config.problems.length, 1);
  assert.match(config.problems[0] ?? '', /server "bad" is not a valid entry \(args: /);
});

test('.vscode/mcp.json that does not parse says so; no servers section is no servers', () => {
  assert.match(parseMcpConfig('{ "servers": { ', VARS).problems[0] ?? '', /is not valid JSON/);
  assert.deepEqual(parseMcpConfig('{}', VARS), { servers: [], problems: [] });
});

test('approvals are per workspace and per definition: a changed command, argument or env name asks again, a changed value does not', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-mcp-approvals-'));
  try {
    const approvals = new McpServerApprovals(createFsStorage(dir));
    const def: StdioServerDefinition = { kind: 'stdio', name: 'gh', command: 'npx', args: ['server'], env: { TOKEN: 'one' } };
    assert.equal(await approvals.status('/ws/a', def), 'never');
    await approvals.approve('/ws/a/', def);
    assert.equal(await approvals.status('/ws/a', def), 'approved');
    assert.equal(await approvals.status('/ws/b', def), 'never', 'another workspace');
    assert.equal(await approvals.status('/ws/a', { ...def, env: { TOKEN: 'two' } }), 'approved', 'a secret value may rotate');
    assert.equal(await approvals.status('/ws/a', { ...def, args: ['server', '--write'] }), 'changed');
    assert.equal(await approvals.status('/ws/a', { ...def, env: { TOKEN: 'one', NODE_OPTIONS: '--require x' } }), 'changed');
    assert.equal(await approvals.status('/ws/a', { ...def, command: 'bash' }), 'changed');
    await approvals.revoke('/ws/a', 'gh');
    assert.equal(await approvals.status('/ws/a', def), 'never');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
