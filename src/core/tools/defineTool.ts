import { z } from 'zod';
import type { JsonSchema, ToolSpec } from '../llm/chatModel';
import type { ToolContext } from './context';

/** What a tool hands back besides plain text. */
export interface ToolOutput {
  readonly content: string;
  /** The tool refused or failed in a way the model should correct (not a crash). */
  readonly isError?: boolean;
  /** Set by `finish`: the task is done. */
  readonly finished?: { readonly summary: string };
  /** Set by the proposal tools: which file the task's proposal now changes. */
  readonly proposal?: { readonly path: string; readonly kind: 'edit' | 'create' | 'delete'; readonly added: number; readonly removed: number };
}

export type ToolReplay = 'reuse' | 'rerun' | 'record';

export interface Tool<A = unknown> {
  readonly name: string;
  readonly spec: ToolSpec;
  readonly args: z.ZodType<A>;
  /** A compact signature of the arguments, shown when a call does not match them. */
  readonly shape: string;
  /** Its results carry workspace text (file contents, matches, paths): the runner hands them to the model as untrusted data. */
  readonly untrustedResult?: boolean;
  /**
   * How a resumed task replays a recorded call. 'reuse' (the default, for reads): the journaled
   * result, or run again and compared when only its digest was kept. 'rerun': always run again and
   * compared (the proposal tools rebuild the proposal). 'record': never run again (it acts beyond
   * the files, as the tests do); its result is always journaled whole.
   */
  readonly replay?: ToolReplay;
  // Method syntax on purpose: a Tool<{ path: string }> must fit in a Tool<unknown>[] registry,
  // which is sound because executeToolCall only passes arguments its own schema produced.
  run(args: A, ctx: ToolContext): Promise<string | ToolOutput>;
}

export function defineTool<A>(definition: {
  readonly name: string;
  readonly description: string;
  readonly args: z.ZodType<A>;
  readonly run: (args: A, ctx: ToolContext) => Promise<string | ToolOutput>;
  readonly untrustedResult?: boolean;
  readonly replay?: ToolReplay;
}): Tool<A> {
  const parameters = compactSchema(z.toJSONSchema(definition.args, { io: 'input', unrepresentable: 'any' }));
  return {
    name: definition.name,
    spec: { name: definition.name, description: definition.description, parameters },
    args: definition.args,
    shape: `${definition.name}(${signature(parameters)})`,
    ...(definition.untrustedResult ? { untrustedResult: true } : {}),
    ...(definition.replay ? { replay: definition.replay } : {}),
    run: definition.run,
  };
}

/** Keys that cost prompt tokens and tell the model nothing it needs. */
const NOISE = new Set(['$schema', 'additionalProperties', '$id']);

/** Drops noise keys and the ±2^53 bounds zod adds to every integer. */
function compactSchema(schema: unknown): JsonSchema {
  return strip(schema) as JsonSchema;
}

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (NOISE.has(key)) continue;
    if ((key === 'maximum' || key === 'minimum') && typeof value === 'number' && Math.abs(value) >= Number.MAX_SAFE_INTEGER) continue;
    out[key] = strip(value);
  }
  return out;
}

/** `{ path: string, startLine?: integer }` from a JSON Schema, for error messages. */
function signature(schema: unknown): string {
  if (schema === null || typeof schema !== 'object') return 'unknown';
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s.anyOf)) return s.anyOf.map(signature).join(' | ');
  if (s.type === 'array') return `${signature(s.items)}[]`;
  if (s.type === 'object') {
    const required = new Set(Array.isArray(s.required) ? s.required : []);
    const props = Object.entries((s.properties ?? {}) as Record<string, unknown>);
    if (props.length === 0) return '{}';
    return `{ ${props.map(([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${signature(v)}`).join(', ')} }`;
  }
  return typeof s.type === 'string' ? s.type : 'unknown';
}
