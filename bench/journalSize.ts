/**
 * The size of a run's journal: the offline demo's recorded session replayed through `squad run
 * --test-cmd "node --test" --yes --apply` on a copy of examples/taskboard, its journal measured
 * against the files the run changed, and against the same events written the way Squad wrote them
 * before proposals were stored by content (each proposal with the whole text of every file, no
 * tool results).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { proposalTexts } from '../src/core/run/blobs';
import type { RunEvent } from '../src/core/run/events';
import { projectRun } from '../src/core/run/reduce';
import { runSquadCli } from '../test/support/cliHarness';
import type { Script } from '../test/support/script';
import { startScriptedServer } from '../test/support/scriptedServer';

const REQUEST = 'Add due dates to tasks and let users filter overdue tasks';
const repoRoot = path.resolve(__dirname, '..');

export interface JournalSize {
  readonly events: number;
  readonly journalBytes: number;
  /** The changed files' bytes before the run (their bases) and after the apply. */
  readonly changedBefore: number;
  readonly changedAfter: number;
  /** The same events as journals were written before blobs and tool results. */
  readonly inlineBytes: number;
  /** Bytes per event type, largest first. */
  readonly byType: readonly [string, number][];
}

export async function benchJournalSize(): Promise<JournalSize> {
  const recorded = JSON.parse(await fs.readFile(path.join(repoRoot, 'examples/demo/session.json'), 'utf8')) as Script;
  const server = await startScriptedServer({ turns: recorded.turns.map(({ delayMs: _delay, ...turn }) => turn) }, { log: () => {} });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'squad-bench-journal-'));
  try {
    const workspace = path.join(tmp, 'taskboard');
    await fs.cp(path.join(repoRoot, 'examples/taskboard'), workspace, { recursive: true, filter: (src) => !/[\\/](node_modules|data)$/.test(src) });
    const env = { HOME: tmp, PATH: process.env['PATH'] ?? '', SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'squad-demo-replay' };
    const argv = ['run', REQUEST, '--workspace', workspace, '--journal', path.join(tmp, 'journal'), '--test-cmd', 'node --test', '--yes', '--apply', '--json'];
    const result = await runSquadCli(argv, env, workspace);
    if (result.code !== 0) throw new Error(`the demo run failed:\n${result.stderr}`);
    const file = /\(journal: (.+?)\)/.exec(result.stderr)?.[1] ?? '';
    const lines = (await fs.readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
    const events = lines.map((l) => JSON.parse(l) as RunEvent);
    const state = projectRun(events);
    const changed = new Map<string, { base: string | null; content: string | null }>();
    for (const id of state.settled) for (const c of state.tasks[id]?.changes ?? []) changed.set(c.path, { base: changed.get(c.path)?.base ?? c.base, content: c.content });
    const bytes = (text: string | null | undefined) => (text ? Buffer.byteLength(text) : 0);
    const byType = new Map<string, number>();
    lines.forEach((l, i) => byType.set(events[i]!.type, (byType.get(events[i]!.type) ?? 0) + Buffer.byteLength(l) + 1));
    return {
      events: events.length,
      journalBytes: lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0),
      changedBefore: [...changed.values()].reduce((n, c) => n + bytes(c.base), 0),
      changedAfter: [...changed.values()].reduce((n, c) => n + bytes(c.content), 0),
      inlineBytes: inlineSize(events, state.blobs),
      byType: [...byType].sort((a, b) => b[1] - a[1]),
    };
  } finally {
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** The journal as written before: whole texts in every proposal, no blobs, no tool results. */
function inlineSize(events: readonly RunEvent[], blobs: Readonly<Record<string, string>>): number {
  let seq = 0;
  let total = 0;
  for (const e of events) {
    if (e.type === 'blob.stored') continue;
    let old: unknown = { ...e, seq };
    if (e.type === 'tool.called') {
      const { result: _result, ...rest } = e;
      old = { ...rest, seq };
    } else if (e.type === 'proposal.updated') {
      const { texts: _texts, turn: _turn, ...rest } = e;
      old = { ...rest, changes: proposalTexts(blobs, e), seq };
    }
    total += Buffer.byteLength(JSON.stringify(old)) + 1;
    seq++;
  }
  return total;
}
