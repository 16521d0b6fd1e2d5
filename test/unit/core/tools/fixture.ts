import { createFsWorkspace } from '../../../../src/node/fsWorkspace';
import type { ToolContext } from '../../../../src/core/tools/context';
import { createSandbox, type SandboxPolicy } from '../../../../src/core/tools/sandbox';
import { executeToolCall, type ToolResult } from '../../../../src/core/tools/execute';
import { AGENT_TOOLS } from '../../../../src/core/tools/index';
import type { ToolCall } from '../../../../src/core/llm/chatModel';
import { MemoryFileView } from '../../../support/memoryFileView';
import { makeTempWorkspace } from '../../../support/tempWorkspace';

export interface ToolFixture {
  readonly root: string;
  readonly ctx: ToolContext;
  readonly view: MemoryFileView;
  readonly controller: AbortController;
  /** Runs one tool call the way the agent runner does, with JSON arguments. */
  call(name: string, args: unknown): Promise<ToolResult>;
  dispose(): Promise<void>;
}

let nextId = 0;

export function toolCall(name: string, args: unknown): ToolCall {
  const rawArguments = JSON.stringify(args);
  return { id: `call_${++nextId}`, name, rawArguments, arguments: args };
}

/** A real temp workspace with the fs Workspace, a sandbox and an in-memory overlay over it. */
export async function toolFixture(files: Record<string, string | Uint8Array>, policy: SandboxPolicy = {}): Promise<ToolFixture> {
  const ws = await makeTempWorkspace(files);
  const workspace = createFsWorkspace(ws.root);
  const view = new MemoryFileView(workspace);
  const controller = new AbortController();
  const ctx: ToolContext = { workspace, view, sandbox: createSandbox(workspace, policy), signal: controller.signal };
  return {
    root: ws.root,
    ctx,
    view,
    controller,
    call: (name, args) => executeToolCall(AGENT_TOOLS, toolCall(name, args), ctx),
    dispose: () => ws.dispose(),
  };
}
