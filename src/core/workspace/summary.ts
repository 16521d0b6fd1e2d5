/**
 * The compact picture of a workspace the planner gets instead of the repository: a capped file
 * tree, manifest excerpts, languages, frameworks and the test command. No file contents beyond
 * manifests, and no secret-looking files, ever.
 */
import type { Workspace } from '../ports';
import { detectTestCommand } from '../testing/detect';
import { type LanguageCount, type TestCommand, detectLanguages, frameworksFromManifests, nodeBuiltinsInUse } from './detect';
import { type Manifest, readManifests } from './manifests';
import { type TreeLine, cappedTree, renderTreeLine } from './tree';

export interface WorkspaceSummary {
  /** Files considered (after ignores and noise folders). */
  readonly fileCount: number;
  /** True when the listing stopped at `maxFiles`. */
  readonly listingTruncated: boolean;
  readonly tree: readonly TreeLine[];
  readonly manifests: readonly Manifest[];
  readonly languages: readonly LanguageCount[];
  readonly frameworks: readonly string[];
  readonly testCommand?: TestCommand;
}

export interface SummaryOptions {
  /** Entries in the tree (files and folders). */
  readonly maxTreeEntries?: number;
  /** Files listed at most; a huge repository is summarised from its first files. */
  readonly maxFiles?: number;
  readonly signal?: AbortSignal;
}

export const DEFAULT_MAX_TREE_ENTRIES = 200;
export const DEFAULT_MAX_FILES = 5000;
export const DEFAULT_SUMMARY_CHARS = 6000;

/** Folders that are build output or installed packages even when no .gitignore says so. */
const NOISE_DIRS = new Set([
  'node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.svelte-kit', '.turbo', '.cache',
  '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', 'target', 'vendor', '.squad', '.idea', '.vscode-test',
]);

/** The same folders as gitignore patterns, so a file walk need not enter them at all. */
export const SUMMARY_NOISE_GLOBS: readonly string[] = [...NOISE_DIRS].map((d) => `${d}/`);

/** Names that may hold credentials: kept out of the tree altogether. */
const SECRET_FILE = /(^|\/)(\.env(\..*)?|\.npmrc|\.pypirc|\.netrc|id_(rsa|dsa|ecdsa|ed25519)(\.pub)?|[^/]*\.(pem|key|p12|pfx|keystore|jks))$/i;

export function isListedInSummary(relPath: string): boolean {
  const parts = relPath.split('/');
  return !parts.slice(0, -1).some((p) => NOISE_DIRS.has(p)) && !SECRET_FILE.test(relPath);
}

export async function summarizeWorkspace(workspace: Workspace, options: SummaryOptions = {}): Promise<WorkspaceSummary> {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const listed = await workspace.listFiles({ limit: maxFiles, ...(options.signal ? { signal: options.signal } : {}) });
  const files = listed.filter(isListedInSummary);
  const manifests = await readManifests(workspace, files);
  const frameworks = frameworksFromManifests(manifests);
  if (manifests.some((m) => m.kind === 'npm')) {
    for (const builtin of await nodeBuiltinsInUse(workspace, files, options.signal)) {
      if (!frameworks.includes(builtin)) frameworks.push(builtin);
    }
  }
  // The same detection the test loop uses, so the plan and the loop agree on the command.
  const detected = await detectTestCommand(workspace, options.signal ? { signal: options.signal } : {});
  const testCommand: TestCommand | undefined = detected ? { command: detected.command, source: detected.reason } : undefined;
  return {
    fileCount: files.length,
    listingTruncated: listed.length >= maxFiles,
    tree: cappedTree(files, options.maxTreeEntries ?? DEFAULT_MAX_TREE_ENTRIES),
    manifests,
    languages: detectLanguages(files),
    frameworks,
    ...(testCommand ? { testCommand } : {}),
  };
}

const MAX_DEPS_SHOWN = 30;

function list(names: readonly string[]): string {
  const shown = names.slice(0, MAX_DEPS_SHOWN).join(', ');
  return names.length > MAX_DEPS_SHOWN ? `${shown}, … (${names.length - MAX_DEPS_SHOWN} more)` : shown;
}

function renderManifest(m: Manifest): string[] {
  const head = [m.path, m.name ? `name ${m.name}` : '', m.moduleType ? `type ${m.moduleType}` : '', ...m.notes].filter((s) => s !== '');
  const lines = [`- ${head.join(', ')}`];
  const scripts = Object.entries(m.scripts);
  if (scripts.length > 0) lines.push(`  scripts: ${scripts.slice(0, 12).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('; ')}`);
  lines.push(`  dependencies: ${m.dependencies.length > 0 ? list(m.dependencies) : 'none'}`);
  if (m.devDependencies.length > 0) lines.push(`  devDependencies: ${list(m.devDependencies)}`);
  return lines;
}

/** Plain text for the prompt, at most `maxChars` long: the tree is trimmed first. */
export function renderSummary(data: WorkspaceSummary, maxChars = DEFAULT_SUMMARY_CHARS): string {
  const head: string[] = [];
  const files = `${data.fileCount}${data.listingTruncated ? '+' : ''} files`;
  const langs = data.languages.map((l) => `${l.language} (${l.files})`).join(', ');
  head.push(`Files: ${files}${langs ? `; languages: ${langs}` : ''}`);
  head.push(`Frameworks and runtime: ${data.frameworks.length > 0 ? data.frameworks.join(', ') : 'none detected'}`);
  head.push(`Test command: ${data.testCommand ? `${data.testCommand.command} (from ${data.testCommand.source})` : 'none detected'}`);
  if (data.manifests.length > 0) head.push('Manifests:', ...data.manifests.flatMap(renderManifest));
  head.push('File tree (collapsed folders show their file count):');

  let text = head.join('\n');
  const treeLines = data.tree.map(renderTreeLine);
  const whole = [text, ...treeLines].join('\n');
  if (whole.length <= maxChars) return whole;
  // Keep room for the line that says how much was cut.
  const budget = maxChars - 40;
  if (text.length > budget) return `${text.slice(0, Math.max(0, maxChars - 1))}…`;
  let shown = 0;
  while (shown < treeLines.length && text.length + 1 + (treeLines[shown] as string).length <= budget) {
    text += `\n${treeLines[shown]}`;
    shown++;
  }
  return `${text}\n… ${treeLines.length - shown} more tree entries`;
}
