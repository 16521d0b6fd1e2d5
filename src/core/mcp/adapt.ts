/**
 * An external tool as an agent tool. Its result reaches the model and the journal only after the
 * secrets Squad knows are scrubbed out and it is cut to EXTERNAL_RESULT_MAX_CHARS; the model reads
 * it as data (an untrusted block, errors included). It is replayed from the journal on resume,
 * never called again (`replay: 'record'`): a tool outside Squad may act (post a comment, spend a quota).
 */
import { z } from 'zod';
import { cancelledError, isSquadError } from '../common/errors';
import type { JsonSchema } from '../llm/chatModel';
import { wrapUntrusted } from '../security/untrusted';
import type { Tool, ToolOutput } from '../tools/defineTool';
import type { ExternalToolInfo, ExternalToolSource } from './externalTools';

/** 16 KB of text: enough for an issue, a page of docs or a query result; more would crowd the task out. */
export const EXTERNAL_RESULT_MAX_CHARS = 16 * 1024;
/** Descriptions are third-party text the model reads on every turn: kept short. */
export const EXTERNAL_DESCRIPTION_MAX_CHARS = 1024;

type Args = Record<string, unknown>;

export function externalTool(info: ExternalToolInfo, source: ExternalToolSource, scrub: (text: string) => string | Promise<string>): Tool<Args> {
  const description = clip(`(${info.source}) ${info.description}`.trim(), EXTERNAL_DESCRIPTION_MAX_CHARS);
  return {
    name: info.name,
    spec: { name: info.name, description, parameters: objectSchema(info.inputSchema) },
    // The tool's own schema is the model's guide; the server (or VS Code) validates against it.
    args: z.record(z.string(), z.unknown()),
    shape: `${info.name}({ …see its schema })`,
    untrustedResult: true,
    replay: 'record',
    async run(args, ctx): Promise<ToolOutput> {
      let reply;
      try {
        reply = await source.call(info.name, args, ctx.signal);
      } catch (err) {
        if (ctx.signal.aborted || isSquadError(err, 'cancelled')) throw cancelledError(ctx.signal);
        const message = err instanceof Error ? err.message : String(err);
        return { content: `${info.name} (${info.source}) failed: ${capResult(await scrub(message))}`, isError: true };
      }
      const text = capResult(await scrub(reply.text));
      // The runner wraps successful results of untrusted tools; an error's text is the tool's too.
      return reply.isError ? { content: `The tool reported an error:\n${wrapUntrusted(text, info.name)}`, isError: true } : { content: text };
    },
  };
}

/** The text cut to the cap at a line break where one is near, with a note of how much was cut. */
export function capResult(text: string, maxChars = EXTERNAL_RESULT_MAX_CHARS): string {
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf('\n', maxChars);
  const head = text.slice(0, cut > maxChars * 0.75 ? cut : maxChars);
  return `${head}\n[… ${text.length - head.length} more characters cut: Squad passes at most ${maxChars} characters of an external tool's result]`;
}

function objectSchema(schema: JsonSchema): JsonSchema {
  // Providers reject a tool whose parameters are not an object schema; `$schema` tells a model nothing.
  if (schema.type !== 'object') return { type: 'object', properties: {} };
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
