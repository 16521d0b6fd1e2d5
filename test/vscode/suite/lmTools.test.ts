/**
 * Squad's external tools in a real extension host: a tool another extension registered with
 * `vscode.lm.registerTool` (test/vscode/toolExtension; MCP servers configured in VS Code appear in
 * `vscode.lm.tools` the same way) is listed by Squad's adapter and called through `vscode.lm.invokeTool`.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createLmToolSource } from '../../../src/vscode/lmTools';

interface TestTools {
  calls(): unknown[];
  reset(): void;
}

const TOOL = 'squadtest_get_issue';

describe('vscode.lm tools as Squad external tools', () => {
  it('lists a registered tool and calls it once through vscode.lm.invokeTool', async () => {
    const ext = vscode.extensions.getExtension<TestTools>('squad-test.squad-test-tools');
    assert.ok(ext, 'the test tool extension is loaded');
    const tools = await ext.activate();
    tools.reset();
    for (let i = 0; i < 100 && !vscode.lm.tools.some((t) => t.name === TOOL); i++) await new Promise((r) => setTimeout(r, 50));

    const source = createLmToolSource(vscode);
    const signal = new AbortController().signal;
    const listed = await source.list(signal);
    const info = listed.find((t) => t.name === `vscode__${TOOL}`);
    assert.ok(info, `listed: ${listed.map((t) => t.name).join(', ')}`);
    assert.equal(info.description, 'Reads an issue of the test tracker by its id.');
    assert.deepEqual((info.inputSchema as { required?: string[] }).required, ['id']);
    assert.deepEqual(info.aliases, [TOOL]);

    const reply = await source.call(info.name, { id: '42' }, signal);
    assert.deepEqual(reply, { text: 'Issue 42: tasks need a due date.\nIt is assigned to the backend.' });
    assert.deepEqual(tools.calls(), [{ id: '42' }]);
  });
});
