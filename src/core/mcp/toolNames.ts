/**
 * Names external tools are called by. Providers accept `^[a-zA-Z0-9_-]{1,64}$`; Squad's own tools
 * never contain `__`, so a prefix with it (`mcp__github__get_issue`, `vscode__fetch`) cannot collide
 * with them. A name too long for the limit keeps its start and gets a short hash of the whole.
 */

export const MAX_TOOL_NAME_LENGTH = 64;
const UNSAFE = /[^a-zA-Z0-9_-]/g;

/** `mcp__<server>__<tool>`, for a tool of an MCP server Squad started. */
export function mcpToolName(server: string, tool: string): string {
  return safeToolName(['mcp', server, tool]);
}

/** `vscode__<name>`, for a tool VS Code offers (`vscode.lm.tools`). */
export function vscodeToolName(name: string): string {
  return safeToolName(['vscode', name]);
}

export function safeToolName(parts: readonly string[]): string {
  const joined = parts.map((p) => p.replace(UNSAFE, '_')).join('__');
  if (joined.length <= MAX_TOOL_NAME_LENGTH) return joined;
  const hash = fnv1a(parts.join('\u0000'));
  return `${joined.slice(0, MAX_TOOL_NAME_LENGTH - hash.length - 1)}_${hash}`;
}

/**
 * Makes each name unique in order of arrival (two servers' names can sanitise alike): the second
 * `x` becomes `x_2`, shortened to fit.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = `${name.slice(0, MAX_TOOL_NAME_LENGTH - suffix.length)}${suffix}`;
    }
    taken.add(candidate);
    return candidate;
  });
}

/** 32-bit FNV-1a as 8 hex digits: short, stable and synchronous (not for security). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
