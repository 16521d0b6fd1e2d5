/**
 * `squad attribute`: a saved test run's output → each failure with the file (and task) most
 * likely responsible. No model is called, so no provider configuration is read.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { type ChangedFile, type FailureAttribution, attributeFailures } from '../../core/testing/attribute';
import { parseTestOutputs } from '../../core/testing/parsers';
import type { TestReport } from '../../core/testing/types';
import { createFsWorkspace } from '../../node/fsWorkspace';
import { parseCommandArgs, usageError } from '../args';
import { ATTRIBUTE_HELP } from '../help';
import { type CliIO, type Stdin, EXIT_OK } from '../io';
import { jsonLine } from '../print';

const ATTRIBUTE_OPTIONS = {
  workspace: { type: 'string' },
  input: { type: 'string', multiple: true },
  changes: { type: 'string' },
  json: { type: 'boolean' },
} as const;


const Changes = z.record(
  z.string().min(1),
  z.union([
    z.string().min(1),
    z.object({ taskId: z.string().min(1), changedLines: z.array(z.number().int().positive()).optional() }),
  ]),
);

export async function attributeCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, ATTRIBUTE_OPTIONS);
  if (values.help) {
    io.stdout.write(ATTRIBUTE_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw usageError(`squad attribute takes no arguments but options: name output files with --input (got "${positionals[0]}").`);
  const root = path.resolve(io.cwd, values.workspace ?? '.');
  const rootStat = await fs.stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) throw usageError(`--workspace ${root} is not a folder.`);
  const changedFiles = values.changes === undefined ? new Map<string, ChangedFile>() : await readChanges(path.resolve(io.cwd, values.changes), root);
  const texts = values.input && values.input.length > 0 ? await Promise.all(values.input.map((f) => readInput(path.resolve(io.cwd, f)))) : [await readStdin(io)];

  const report = parseTestOutputs(texts);
  const attributions = await attributeFailures(report, { workspace: createFsWorkspace(root), changedFiles });
  io.stdout.write(values.json ? jsonLine(toJson(report, attributions)) : formatAttributions(report, attributions));
  return EXIT_OK;
}

async function readInput(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw usageError(`cannot read --input ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function readStdin(io: CliIO): Promise<string> {
  const stdin: Stdin = io.stdin ?? process.stdin;
  if (stdin.isTTY) throw usageError('no test output: pipe it in (npm test 2>&1 | squad attribute) or name files with --input.');
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** `{"src/db/users.ts": "t1"}` or `{"src/db/users.ts": {"taskId": "t1", "changedLines": [3, 4]}}`. */
async function readChanges(file: string, root: string): Promise<Map<string, ChangedFile>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw usageError(`cannot read --changes ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = Changes.safeParse(raw);
  if (!parsed.success) {
    throw usageError(`--changes ${file} must map workspace paths to task ids, e.g. {"src/db/users.ts": "t1"} (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
  }
  const changes = new Map<string, ChangedFile>();
  for (const [p, v] of Object.entries(parsed.data)) {
    const rel = path.isAbsolute(p) ? path.relative(root, p).split(path.sep).join('/') : p;
    changes.set(rel, typeof v === 'string' ? { taskId: v } : v.changedLines ? { taskId: v.taskId, changedLines: v.changedLines } : { taskId: v.taskId });
  }
  return changes;
}

function toJson(report: TestReport, attributions: readonly FailureAttribution[]) {
  return {
    format: report.format,
    passed: report.passed,
    failed: report.failed,
    skipped: report.skipped,
    ...(report.exitCode === undefined ? {} : { exitCode: report.exitCode }),
    failures: attributions.map((a) => ({
      test: a.failure.test,
      testFile: a.testFile ?? a.failure.testFile ?? null,
      file: a.file ?? null,
      ...(a.line === undefined ? {} : { line: a.line }),
      confidence: a.confidence,
      ...(a.taskId === undefined ? {} : { taskId: a.taskId }),
      kind: a.kind,
      reason: a.reason,
      ...(a.evidence ? { evidence: a.evidence } : {}),
      message: a.failure.message,
    })),
  };
}

export function formatAttributions(report: TestReport, attributions: readonly FailureAttribution[]): string {
  const lines = [`${report.format}: ${report.failed} failed, ${report.passed} passed, ${report.skipped} skipped`];
  if (attributions.length === 0) {
    lines.push(report.failed > 0 || report.format === 'unknown' ? 'No failure could be read from the output. Its last lines:' : 'No failing tests.');
    if (report.failed > 0 || report.format === 'unknown') lines.push(...report.rawTail.trimEnd().split('\n').slice(-10).map((l) => `  ${l}`));
  }
  for (const a of attributions) {
    const firstLine = a.failure.message.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
    lines.push('', `✗ ${a.failure.test}`);
    if (firstLine !== '') lines.push(`    ${firstLine.length > 160 ? `${firstLine.slice(0, 157)}...` : firstLine}`);
    if (a.evidence) lines.push(`    evidence    ${a.evidence.file}${a.evidence.line === undefined ? '' : `:${a.evidence.line}`}`);
    const pct = `${Math.round(a.confidence * 100)}%`;
    const owner = a.kind === 'routed' ? `task ${a.taskId}` : a.kind === 'pre-existing' ? 'pre-existing: no task changed it' : 'unknown';
    lines.push(`    attributed  ${a.file === undefined ? '(no file)' : `${a.file}${a.line === undefined ? '' : `:${a.line}`}`}  ${pct}  ${owner}`);
    lines.push(`    why         ${a.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
