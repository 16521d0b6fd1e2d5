/**
 * A whole squad run against the scripted model server: a real temp workspace, a real journal
 * (createFsStorage on a temp folder), the real OpenAI or Anthropic adapter, and `executeSquad`.
 * Helpers read what the model was sent back (tool results per request) and sequence tasks that
 * run side by side without timing: a gate holds one task's model call until an event happened.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeSquad, type SquadOptions, type SquadResult } from '../../src/core/agents/squad';
import type { AgentLimits } from '../../src/core/agents/runner';
import { createAnthropicChatModel } from '../../src/core/llm/anthropic';
import type { ChatModel, ChatRequest } from '../../src/core/llm/chatModel';
import { createOpenAIChatModel } from '../../src/core/llm/openai';
import { validatePlan } from '../../src/core/plan/validate';
import type { Storage, Workspace } from '../../src/core/ports';
import type { RunEvent } from '../../src/core/run/events';
import { RunSession } from '../../src/core/run/session';
import { createSandbox, type Sandbox } from '../../src/core/tools';
import { createFsStorage } from '../../src/node/fsStorage';
import { createFsWorkspace } from '../../src/node/fsWorkspace';
import type { Protocol, RecordedRequest, ScriptedServer } from './scriptedServer';
import { makeTempWorkspace } from './tempWorkspace';

export const ROLES = ['database', 'backend', 'frontend', 'qa'];

export interface PlanInput {
  readonly summary: string;
  readonly tasks: readonly { id: string; role: string; title: string; description: string; dependsOn: string[] }[];
}

export function planTask(id: string, dependsOn: string[] = [], role = 'backend') {
  return { id, role, title: `Task ${id}`, description: `Do ${id}.`, dependsOn };
}

export interface ExecuteOptions {
  readonly limits?: AgentLimits;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onToken?: (taskId: string, text: string) => void;
  /** Wraps each role's real adapter, e.g. with `gatedModel`. */
  readonly wrapModel?: (model: ChatModel) => ChatModel;
  /** What the run_tests tool runs (absent: not allowed). */
  readonly runTestsFor?: SquadOptions['runTestsFor'];
}

export interface SquadFixture {
  readonly root: string;
  readonly journalDir: string;
  readonly workspace: Workspace;
  readonly sandbox: Sandbox;
  /** The session of the latest `execute` (or the one created at start). */
  readonly session: RunSession;
  execute(options?: ExecuteOptions): Promise<SquadResult>;
  /** Starts over from the journal on disk, as a new process would (fresh storage and session). */
  resume(): Promise<RunSession>;
  dispose(): Promise<void>;
}

export interface FixtureOptions {
  readonly server: ScriptedServer;
  readonly files: Record<string, string | Uint8Array>;
  readonly plan: PlanInput;
  readonly protocol?: Protocol;
  readonly maxRetries?: number;
  /** The model id the adapters send; the CLI tests use the same one. */
  readonly model?: string;
  /** Wraps the journal's storage for the first session (e.g. `crashingStorage`). */
  readonly storage?: (inner: Storage) => Storage;
}

export async function squadFixture(options: FixtureOptions): Promise<SquadFixture> {
  const ws = await makeTempWorkspace(options.files);
  const journalDir = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-journal-'));
  try {
    const inner = createFsStorage(journalDir);
    const storage = options.storage ? options.storage(inner) : inner;
    let session = await RunSession.start({ storage, request: options.plan.summary, workspaceName: 'ws', roles: ROLES });
    await session.emit({ type: 'plan.proposed', plan: validatePlan(options.plan, { roles: ROLES, maxTasks: 100 }), attempt: 1 });
    await session.emit({ type: 'plan.approved', by: 'auto' });
    const workspace = createFsWorkspace(ws.root);
    const sandbox = createSandbox(workspace);
    const models = new Map<string, ChatModel>();
    const modelFor = (role: string): ChatModel => {
      let model = models.get(role);
      if (!model) {
        model = makeModel(options.server, options.protocol ?? 'openai', options.model ?? 'scripted', options.maxRetries ?? 0);
        models.set(role, model);
      }
      return model;
    };
    return {
      root: ws.root,
      journalDir,
      workspace,
      sandbox,
      get session() {
        return session;
      },
      execute: (opts = {}) =>
        executeSquad(
          {
            session,
            workspace,
            sandbox,
            modelFor: (role) => (opts.wrapModel ? opts.wrapModel(modelFor(role)) : modelFor(role)),
            concurrency: opts.concurrency ?? 4,
            ...(opts.limits ? { limits: opts.limits } : {}),
            ...(opts.onToken ? { onToken: opts.onToken } : {}),
            ...(opts.runTestsFor ? { runTestsFor: opts.runTestsFor } : {}),
          },
          opts.signal ?? new AbortController().signal,
        ),
      async resume() {
        session.dispose();
        session = await RunSession.resume(createFsStorage(journalDir), session.runId);
        return session;
      },
      async dispose() {
        session.dispose();
        await fs.rm(journalDir, { recursive: true, force: true });
        await ws.dispose();
      },
    };
  } catch (err) {
    await fs.rm(journalDir, { recursive: true, force: true });
    await ws.dispose();
    throw err;
  }
}

export function makeModel(server: ScriptedServer, protocol: Protocol, model: string, maxRetries: number): ChatModel {
  const opts = { model, apiKey: 'sk-test', maxRetries };
  return protocol === 'openai'
    ? createOpenAIChatModel({ ...opts, baseUrl: server.openaiBaseUrl })
    : createAnthropicChatModel({ ...opts, baseUrl: server.anthropicBaseUrl });
}

// ---- Reading what the model was sent ---------------------------------------------------------

export interface SentToolResult {
  readonly callId: string;
  /** The tool's text; for workspace data, what is inside its untrusted-data block. */
  readonly content: string;
  readonly isError: boolean;
  /** The block's source when the text came as one untrusted-data block (src/core/security/untrusted.ts). */
  readonly untrusted?: string;
}

const UNTRUSTED_BLOCK = /^<<untrusted-data source="([^"]*)" id="([0-9a-f]+)">>\n([\s\S]*)\n<<\/untrusted-data id="\2">>$/;

function sentResult(callId: string, text: string, isError: boolean): SentToolResult {
  const block = UNTRUSTED_BLOCK.exec(text);
  return block ? { callId, content: block[3] ?? '', isError, untrusted: block[1] ?? '' } : { callId, content: text, isError };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The tool results a request carried after its last assistant message: the answers to the
 * previous reply's tool calls, in order. OpenAI has no error flag, so the adapter's "ERROR: "
 * prefix is the flag there (and is removed from `content`).
 */
export function lastToolResults(request: RecordedRequest | undefined): SentToolResult[] {
  if (!request || !isObj(request.body)) return [];
  const messages = Array.isArray(request.body['messages']) ? (request.body['messages'] as unknown[]) : [];
  const lastAssistant = messages.map((m) => (isObj(m) ? m['role'] : '')).lastIndexOf('assistant');
  const out: SentToolResult[] = [];
  for (const m of messages.slice(lastAssistant + 1)) {
    if (!isObj(m)) continue;
    if (request.protocol === 'openai' && m['role'] === 'tool') {
      const text = typeof m['content'] === 'string' ? m['content'] : '';
      const isError = text.startsWith('ERROR: ');
      out.push(sentResult(String(m['tool_call_id']), isError ? text.slice('ERROR: '.length) : text, isError));
    }
    if (request.protocol === 'anthropic' && Array.isArray(m['content'])) {
      for (const block of m['content'] as unknown[]) {
        if (!isObj(block) || block['type'] !== 'tool_result') continue;
        const content = block['content'];
        const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((b) => (isObj(b) && typeof b['text'] === 'string' ? b['text'] : '')).join('') : '';
        out.push(sentResult(String(block['tool_use_id']), text, block['is_error'] === true));
      }
    }
  }
  return out;
}

/** Requests answered by the scripted turn of that name (see agentTurns: "t1 turn 0", …). */
export function requestsFor(server: ScriptedServer, turnName: string, since = 0): RecordedRequest[] {
  return server.requests.slice(since).filter((r) => r.turnName === turnName);
}

/** How many requests each scripted turn answered. */
export function turnCounts(server: ScriptedServer, since = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of server.requests.slice(since)) {
    const name = r.turnName ?? `#unmatched ${r.status}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

// ---- Sequencing tasks that run side by side --------------------------------------------------

/** Resolves once the session has an event matching `predicate` (at once if it already has one). */
export function eventHappened(session: RunSession, predicate: (event: RunEvent) => boolean): Promise<RunEvent> {
  const known = session.events.find(predicate);
  if (known) return Promise.resolve(known);
  return new Promise((resolve) => {
    const sub = session.onEvent((event) => {
      if (!predicate(event)) return;
      sub.dispose();
      resolve(event);
    });
  });
}

/** "t2 turn 1" for a request of task t2 whose conversation holds one assistant message. */
export function turnKey(request: ChatRequest): string {
  const first = request.messages[0];
  const task = first?.role === 'user' ? /Your task \(([^)]+)\)/.exec(first.content)?.[1] : undefined;
  return `${task ?? '?'} turn ${request.messages.filter((m) => m.role === 'assistant').length}`;
}

/** The real model, but a call whose turn key has a gate first waits for it. */
export function gatedModel(inner: ChatModel, gates: Readonly<Record<string, () => Promise<unknown>>>): ChatModel {
  return {
    provider: inner.provider,
    model: inner.model,
    async complete(request) {
      await gates[turnKey(request)]?.();
      return inner.complete(request);
    },
  };
}

// ---- A process that dies ----------------------------------------------------------------------

/**
 * Storage that "kills the process" right after the event matching `crashAfter` is on disk: every
 * later append hangs forever, so nothing more reaches the journal, exactly as after kill -9.
 */
export function crashingStorage(inner: Storage, crashAfter: (event: RunEvent) => boolean): Storage & { readonly crashed: Promise<void> } {
  let dead = false;
  let markCrashed: () => void = () => undefined;
  const crashed = new Promise<void>((resolve) => (markCrashed = resolve));
  return {
    crashed,
    async appendLine(relPath, line) {
      if (dead) return new Promise<void>(() => undefined);
      await inner.appendLine(relPath, line);
      if (crashAfter(JSON.parse(line) as RunEvent)) {
        dead = true;
        markCrashed();
      }
    },
    readLines: (relPath) => inner.readLines(relPath),
    list: (relDir) => inner.list(relDir),
  };
}

/** Each task's proposed files as plain data, for comparing two runs. */
export function proposals(session: RunSession): Record<string, { path: string; base: string | null; content: string | null }[]> {
  return Object.fromEntries(
    Object.values(session.state.tasks).map((t) => [t.task.id, [...t.changes].sort((a, b) => (a.path < b.path ? -1 : 1))]),
  );
}

export function statuses(session: RunSession): Record<string, string> {
  return Object.fromEntries(Object.values(session.state.tasks).map((t) => [t.task.id, t.status]));
}
