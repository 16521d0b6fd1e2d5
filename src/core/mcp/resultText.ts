/**
 * An MCP `tools/call` result as text for the model. Text parts as they are; an embedded text
 * resource under its URI; binary content (images, audio, blobs) only named, never passed on (the
 * model gets text); structured content as JSON when nothing else came back.
 */
import type { ExternalToolReply } from './externalTools';

type Part = Readonly<Record<string, unknown>>;

export function mcpResultText(result: { readonly content?: unknown; readonly structuredContent?: unknown; readonly isError?: unknown }): ExternalToolReply {
  const parts = Array.isArray(result.content) ? (result.content as unknown[]) : [];
  const texts = parts.map((p) => (p !== null && typeof p === 'object' ? partText(p as Part) : undefined)).filter((t): t is string => t !== undefined);
  if (texts.length === 0 && result.structuredContent !== undefined) texts.push(JSON.stringify(result.structuredContent, null, 2));
  return { text: texts.length === 0 ? '(the tool returned no content)' : texts.join('\n'), ...(result.isError === true ? { isError: true } : {}) };
}

function partText(part: Part): string | undefined {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  switch (part['type']) {
    case 'text':
      return str(part['text']);
    case 'image':
    case 'audio':
      return `[${String(part['type'])} (${str(part['mimeType']) ?? 'unknown type'}) not shown]`;
    case 'resource_link':
      return `[resource: ${str(part['uri']) ?? '?'}${str(part['name']) ? ` (${str(part['name'])})` : ''}]`;
    case 'resource': {
      const r = part['resource'];
      if (r === null || typeof r !== 'object') return undefined;
      const res = r as Part;
      const text = str(res['text']);
      return text !== undefined ? `[resource: ${str(res['uri']) ?? '?'}]\n${text}` : `[resource: ${str(res['uri']) ?? '?'} (${str(res['mimeType']) ?? 'binary'}) not shown]`;
    }
    default:
      return undefined;
  }
}
