/** Reading what `squad run` left behind: its --json output and its journal. */
import { promises as fs } from 'node:fs';
import type { RunEvent } from '../../src/core/run/events';
import type { ScriptedServer } from './scriptedServer';

/** The environment of an in-process `squad` against the scripted server; `extra` reaches the test command. */
export function cliEnv(server: ScriptedServer, home: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { HOME: home, PATH: process.env.PATH ?? '', SQUAD_PROVIDER: 'openai', SQUAD_BASE_URL: server.openaiBaseUrl, SQUAD_MODEL: 'scripted', ...extra };
}

export interface RunJsonFailure {
  readonly test: string;
  readonly file?: string;
  readonly taskId?: string;
  readonly kind: string;
  readonly message: string;
}

export interface RunJsonRound {
  readonly round: number;
  readonly passed: number;
  readonly failed: number;
  readonly timedOut?: boolean;
  readonly exitCode?: number | null;
  readonly failures: readonly RunJsonFailure[];
  readonly routed: Readonly<Record<string, readonly string[]>>;
}

/** The parts of `squad run --json` these tests read. */
export interface RunJson {
  readonly runId: string;
  readonly status: string;
  readonly tasks: readonly { id: string; status: string; history: readonly { round: number; outcome: string }[] }[];
  readonly tests: { command: string; outcome: string | null; summary: string | null; rounds: readonly RunJsonRound[] } | null;
}

export function parseRunJson(stdout: string): RunJson {
  return JSON.parse(stdout) as RunJson;
}

/** The events of the run whose journal the CLI named on stderr ("run ID (journal: PATH)"). */
export async function journalOf(stderr: string): Promise<{ file: string; text: string; events: RunEvent[] }> {
  const file = /\(journal: (.+?)\)/.exec(stderr)?.[1];
  if (!file) throw new Error(`no journal named in:\n${stderr}`);
  const text = await fs.readFile(file, 'utf8');
  return { file, text, events: text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as RunEvent) };
}
