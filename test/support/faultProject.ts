/**
 * The fault suite's project and script: a tiny node:test project, a four-task plan (database →
 * backend → frontend and QA) and the scripted model that carries it out. Backend's first proposal
 * has a bug QA's new test catches; its fix round mends it. `withFault` puts one fault in front of
 * one model call (the planner's, a task's k-th call, or a fix round's k-th call).
 */
import { call, planTurn } from './agentScripts';
import type { Fault, Script, ScriptedToolCall, ScriptedTurn, TurnMatch } from './script';

export const FAULT_FILES: Readonly<Record<string, string>> = {
  'package.json': `${JSON.stringify({ name: 'notes', type: 'module', scripts: { test: 'node --test' } }, null, 2)}\n`,
  'src/store.js': 'export function createStore() {\n  const rows = [];\n  return {\n    add(row) {\n      rows.push(row);\n      return rows.length;\n    },\n    all() {\n      return [...rows];\n    },\n  };\n}\n',
  'src/notes.js': "import { createStore } from './store.js';\n\nexport function notebook() {\n  return createStore();\n}\n\nexport function addNote(store, text) {\n  return store.add({ text });\n}\n",
  'src/render.js': "export function render(notes) {\n  return notes.map((n) => `- ${n.text}`).join('\\n');\n}\n",
  'test/notes.test.js': "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { notebook, addNote } from '../src/notes.js';\n\ntest('a note is stored', () => {\n  const book = notebook();\n  addNote(book, 'milk');\n  assert.equal(book.all().length, 1);\n});\n",
};

export const FAULT_REQUEST = 'Let notes have tags';

export const FAULT_PLAN = {
  summary: 'Tags on notes',
  tasks: [
    { id: 't1', role: 'database', title: 'Tagged rows', description: 'The store finds rows by tag.', dependsOn: [] },
    { id: 't2', role: 'backend', title: 'Notes take tags', description: 'addNote takes tags, stored in lower case.', dependsOn: ['t1'] },
    { id: 't3', role: 'frontend', title: 'Show tags', description: 'render lists each note with its tags.', dependsOn: ['t2'] },
    { id: 't4', role: 'qa', title: 'Test tags', description: 'A test that tags are stored in lower case.', dependsOn: ['t2'] },
  ],
};

export const TASK_IDS = FAULT_PLAN.tasks.map((t) => t.id);

const TAGS_TEST =
  "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { notebook, addNote } from '../src/notes.js';\n\ntest('tags are stored in lower case', () => {\n  const book = notebook();\n  addNote(book, 'milk', ['Shop']);\n  assert.deepEqual(book.byTag('shop').map((n) => n.text), ['milk']);\n});\n";

/** A name no file system takes (255 bytes is the usual limit of one name). */
export const TOO_LONG_NAME = `public/${'tag-'.repeat(70)}.css`;

/** Each task's calls, turn by turn (round 0). `longName`: the frontend also proposes a file whose name is too long. */
export function taskSteps(options: { readonly longName?: boolean } = {}): Record<string, ScriptedToolCall[][]> {
  return {
    t1: [
      [call('read_file', { path: 'src/store.js' })],
      [call('propose_edit', { path: 'src/store.js', edits: [{ search: '    all() {\n      return [...rows];\n    },\n', replace: '    all() {\n      return [...rows];\n    },\n    byTag(tag) {\n      return rows.filter((r) => (r.tags ?? []).includes(tag));\n    },\n' }] })],
      [call('finish', { summary: 'The store finds rows by tag.' })],
    ],
    t2: [
      [call('read_file', { path: 'src/notes.js' })],
      // The bug: toLowercase is not a function.
      [call('propose_edit', { path: 'src/notes.js', edits: [{ search: 'export function addNote(store, text) {\n  return store.add({ text });\n}', replace: 'export function addNote(store, text, tags = []) {\n  return store.add({ text, tags: tags.map((t) => t.toLowercase()) });\n}' }] })],
      [call('finish', { summary: 'addNote(store, text, tags) stores tags in lower case.' })],
    ],
    t3: [
      [call('read_file', { path: 'src/render.js' })],
      [
        call('propose_edit', { path: 'src/render.js', edits: [{ search: 'return notes.map((n) => `- ${n.text}`)', replace: "return notes.map((n) => `- ${n.text}${(n.tags ?? []).map((t) => ` #${t}`).join('')}`)" }] }),
        ...(options.longName ? [call('create_file', { path: TOO_LONG_NAME, content: '.tag { color: teal; }\n' })] : []),
      ],
      [call('finish', { summary: 'Each note shows its tags.' })],
    ],
    t4: [
      [call('read_file', { path: 'src/notes.js' })],
      [call('create_file', { path: 'test/tags.test.js', content: TAGS_TEST })],
      [call('finish', { summary: 'A test for lower-case tags.' })],
    ],
  };
}

/** Backend's fix round 1, turn by turn. */
export const FIX_STEPS: ScriptedToolCall[][] = [
  [call('read_file', { path: 'src/notes.js' })],
  [call('propose_edit', { path: 'src/notes.js', edits: [{ search: 't.toLowercase()', replace: 't.toLowerCase()' }] })],
  [call('finish', { summary: 'Tags are lower-cased with toLowerCase.' })],
];

const taskMatch = (taskId: string, extra: Partial<TurnMatch> = {}): TurnMatch => ({ contains: [`Your task (${taskId})`, ...(extra.contains ?? [])], notContains: ['fix round'], ...withoutContains(extra) });
const fixMatch = (taskId: string, extra: Partial<TurnMatch> = {}): TurnMatch => ({ contains: ['fix round 1 of', `Your task (${taskId})`, ...(extra.contains ?? [])], ...withoutContains(extra) });
const PLANNER_MATCH: TurnMatch = { contains: ['submit_plan'], notContains: ['Your task ('] };

function withoutContains(m: Partial<TurnMatch>): Partial<TurnMatch> {
  const { contains: _contains, ...rest } = m;
  return rest;
}

/** The whole run without faults; turn names: "planner", "t2 turn 1", "t2 fix 1.0", … */
export function faultFreeScript(options: { readonly longName?: boolean } = {}): Script {
  const turns: ScriptedTurn[] = [planTurn(FAULT_PLAN)];
  FIX_STEPS.forEach((toolCalls, turn) => turns.push({ name: `t2 fix 1.${turn}`, match: fixMatch('t2', { assistantTurns: turn }), reply: { toolCalls, usage: { input: 900, output: 40 } } }));
  for (const [taskId, steps] of Object.entries(taskSteps(options))) {
    steps.forEach((toolCalls, turn) => turns.push({ name: `${taskId} turn ${turn}`, match: taskMatch(taskId, { assistantTurns: turn }), reply: { toolCalls, usage: { input: 800 + 100 * turn, output: 60 } } }));
  }
  return { turns };
}

export type FaultKind = 'rate-limit' | 'server-error' | 'bad-request' | 'auth' | 'timeout' | 'malformed' | 'cut';
export const FAULT_KINDS: readonly FaultKind[] = ['rate-limit', 'server-error', 'bad-request', 'auth', 'timeout', 'malformed', 'cut'];

/** Where a fault hits: the planner, a task's k-th call (round 0), or backend's k-th call of fix round 1. */
export type FaultSite = { readonly at: 'planner' } | { readonly at: 'task'; readonly taskId: string; readonly turn: number } | { readonly at: 'fix'; readonly taskId: string; readonly turn: number };

export function siteName(site: FaultSite): string {
  if (site.at === 'planner') return 'planner';
  return site.at === 'task' ? `${site.taskId} call ${site.turn + 1}` : `${site.taskId} fix round, call ${site.turn + 1}`;
}

/** How long a "slow" answer waits: far beyond the client's timeout (the suite shortens that). */
export const SLOW_ANSWER_MS = 60_000;

/**
 * The script with the fault in front of the site's call. The fault answers that call every time it
 * is asked (so a model call fails even after its retries); a malformed reply also answers every
 * call after it in that conversation, so the agent fails for lack of progress.
 */
export function withFault(script: Script, site: FaultSite, kind: FaultKind): Script {
  const name = `fault: ${kind} at ${siteName(site)}`;
  const at = (extra: Partial<TurnMatch> = {}): TurnMatch =>
    site.at === 'planner' ? { ...PLANNER_MATCH, ...extra, contains: [...(PLANNER_MATCH.contains ?? []), ...(extra.contains ?? [])] }
      : site.at === 'task' ? taskMatch(site.taskId, extra) : fixMatch(site.taskId, extra);
  const first = site.at === 'planner' ? at() : at({ assistantTurns: site.turn });
  const faults: ScriptedTurn[] = [];
  if (kind === 'malformed') {
    const broken = site.at === 'planner' ? { name: 'submit_plan', arguments: '{"summary": "Tags", "tasks": [' } : { name: 'read_file', arguments: '{"path": "src/' };
    const reply = { toolCalls: [broken], usage: { input: 700, output: 20 } };
    faults.push({ name, match: first, reply });
    if (site.at !== 'planner') faults.push({ name, match: at({ contains: ['are not valid JSON'] }), reply });
  } else {
    faults.push({ name, match: first, fault: faultOf(kind) });
  }
  return { ...script, turns: [...faults, ...script.turns] };
}

function faultOf(kind: Exclude<FaultKind, 'malformed'>): Fault {
  switch (kind) {
    // A short retry-after keeps the retries quick; they still all fail.
    case 'rate-limit':
      return { kind: 'status', status: 429, retryAfterSeconds: 0.01 };
    case 'server-error':
      return { kind: 'status', status: 500, retryAfterSeconds: 0.01 };
    case 'bad-request':
      return { kind: 'status', status: 400, message: 'Invalid value for tools[0].function.parameters.' };
    case 'auth':
      return { kind: 'status', status: 401 };
    case 'timeout':
      return { kind: 'slowFirstByte', ms: SLOW_ANSWER_MS };
    case 'cut':
      return { kind: 'cutStream', afterEvents: 1 };
  }
}
