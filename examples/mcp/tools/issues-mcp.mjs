// A small MCP server over stdio: the project's issues from a JSON file, read-only.
// Needs @modelcontextprotocol/sdk and zod (npm install --save-dev @modelcontextprotocol/sdk zod).
import { readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const file = process.env.ISSUES_FILE ?? new URL('./issues.json', import.meta.url);
const issues = () => JSON.parse(readFileSync(file, 'utf8'));

const server = new McpServer({ name: 'issues', version: '1.0.0' });

server.registerTool(
  'list_issues',
  { description: 'Lists the open issues (id and title).', inputSchema: {} },
  async () => ({
    content: [{ type: 'text', text: issues().filter((i) => i.state === 'open').map((i) => `#${i.id} ${i.title}`).join('\n') || 'No open issues.' }],
  }),
);

server.registerTool(
  'get_issue',
  { description: 'Reads one issue: its title, state and description.', inputSchema: { id: z.number().int().describe('The issue number') } },
  async ({ id }) => {
    const issue = issues().find((i) => i.id === id);
    if (!issue) return { content: [{ type: 'text', text: `No issue #${id}.` }], isError: true };
    return { content: [{ type: 'text', text: `#${issue.id} ${issue.title} (${issue.state})\n\n${issue.body}` }] };
  },
);

await server.connect(new StdioServerTransport());
