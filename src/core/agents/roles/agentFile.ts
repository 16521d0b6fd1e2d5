/**
 * One agent file → one role of the squad. The format is VS Code's custom agents (`*.agent.md`):
 * optional YAML front matter between `---` lines, then the Markdown body, which is the role's
 * instructions. Squad reads `name`, `description`, `model`, `tools` and its own `owns` (the globs
 * of the files the role owns); VS Code's other keys (handoffs, argument-hint, …) are allowed and
 * ignored. A file that cannot be used gives one problem sentence naming the file and the field.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PLANNER_ROLE } from '../../plan/planner';
import type { RoleSpec } from './spec';

/** Role names as `--roles`, `--model-<role>` and `SQUAD_MODEL_<ROLE>` spell them. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;
export const AGENT_FILE_SUFFIX = '.agent.md';
/** GitHub's limit on an agent's prompt; a longer body is refused rather than cut. */
export const MAX_AGENT_PROMPT_CHARS = 30_000;

const names = z.array(z.string().trim().min(1, 'must not be empty'));
const FrontMatterSchema = z.looseObject({
  name: z.string().trim().min(1, 'must not be empty').optional(),
  description: z.string().trim().min(1, 'must not be empty').optional(),
  // VS Code takes one model or a list to try in order; Squad uses the first.
  model: z.union([z.string().trim().min(1, 'must not be empty'), names.min(1, 'must list at least one model')]).optional(),
  tools: names.optional(),
  owns: z.union([z.string().trim().min(1, 'must not be empty'), names]).optional(),
  target: z.string().optional(),
});

export type AgentFileResult =
  | { readonly kind: 'role'; readonly spec: RoleSpec }
  | { readonly kind: 'skipped'; readonly why: string }
  | { readonly kind: 'invalid'; readonly problem: string };

export function parseAgentFile(path: string, text: string): AgentFileResult {
  const invalid = (why: string): AgentFileResult => ({ kind: 'invalid', problem: `${path}: ${why}` });
  const split = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  if ('problem' in split) return invalid(split.problem);
  let header: unknown;
  try {
    header = split.yaml === undefined ? {} : (parseYaml(split.yaml) ?? {});
  } catch (err) {
    return invalid(`the front matter is not valid YAML: ${firstLine(err instanceof Error ? err.message : String(err))}`);
  }
  if (typeof header !== 'object' || Array.isArray(header)) return invalid('the front matter must be a mapping of fields (name: value)');
  const parsed = FrontMatterSchema.safeParse(header);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? `field "${issue.path.map(String).join('.')}"` : 'the front matter';
    return invalid(`${field} ${issue.message.startsWith('must') ? issue.message : `is invalid: ${issue.message}`}`);
  }
  const fm = parsed.data;
  // target: github-copilot is an agent for GitHub's cloud agent only, with its own tool names.
  if (fm.target !== undefined && fm.target !== 'vscode') return { kind: 'skipped', why: `${path}: skipped: its target is "${fm.target}", not vscode` };
  const name = fm.name !== undefined ? fm.name.toLowerCase().replace(/\s+/g, '-') : fileRoleName(path);
  if (!ROLE_NAME_PATTERN.test(name)) {
    const from = fm.name !== undefined ? `field "name" ("${fm.name}")` : `the file name`;
    return invalid(`${from} is not a usable role name: use a lower-case letter, then letters, digits, "-" or "_"`);
  }
  if (name === PLANNER_ROLE) return invalid(`"${PLANNER_ROLE}" is Squad's planner, not a role a file can define`);
  const owns = fm.owns === undefined ? undefined : typeof fm.owns === 'string' ? [fm.owns] : fm.owns;
  const badGlob = owns?.find((g) => g.startsWith('/') || /^[A-Za-z]:/.test(g) || g.split(/[\\/]/).includes('..'));
  if (badGlob !== undefined) return invalid(`field "owns": "${badGlob}" must be a glob relative to the workspace, without ".."`);
  const prompt = split.body.trim();
  if (prompt.length > MAX_AGENT_PROMPT_CHARS) return invalid(`the instructions are ${prompt.length} characters; at most ${MAX_AGENT_PROMPT_CHARS} are allowed`);
  const model = typeof fm.model === 'string' ? fm.model : fm.model?.[0];
  const spec: RoleSpec = {
    name,
    source: path,
    ...(fm.description !== undefined ? { description: oneLine(fm.description) } : {}),
    ...(prompt !== '' ? { prompt } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(fm.tools !== undefined ? { tools: fm.tools } : {}),
    ...(owns !== undefined ? { owns: owns.map((g) => g.replace(/^\.\//, '').replace(/\\/g, '/')) } : {}),
  };
  return { kind: 'role', spec };
}

/** `.squad/agents/docs.agent.md` → `docs`. */
export function fileRoleName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return (base.endsWith(AGENT_FILE_SUFFIX) ? base.slice(0, -AGENT_FILE_SUFFIX.length) : base.replace(/\.md$/i, '')).toLowerCase();
}

function splitFrontMatter(text: string): { yaml?: string; body: string } | { problem: string } {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return { body: text };
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) return { problem: 'the front matter starts with "---" but has no closing "---" line' };
  return { yaml: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n') };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
