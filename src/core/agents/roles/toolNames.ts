/**
 * An agent file's `tools` list → Squad's built-in agent tools. The names are Squad's own
 * (`read_file`) or VS Code's tool sets and tools (`read`, `search/textSearch`, `edit/editFiles`,
 * and the names from before VS Code grouped them: `codebase`, `editFiles`, …). VS Code tools Squad
 * has no counterpart for (the web, the terminal, subagents) give nothing; any other name (an MCP
 * server's `server/tool` or `server/*`) is returned as `other` for whatever provides such tools.
 * `finish` is always there: without it an agent cannot end its task.
 */
import {
  AGENT_TOOLS,
  createFileTool,
  deleteFileTool,
  finishTool,
  listFilesTool,
  proposeEditTool,
  readFileTool,
  runTestsTool,
  searchTool,
  type Tool,
} from '../../tools';

const READ = [readFileTool];
const SEARCH = [listFilesTool, searchTool];
const EDIT = [proposeEditTool, createFileTool, deleteFileTool];

/** VS Code name → the Squad tools it grants (lower-cased keys). */
const VS_CODE_TOOLS: ReadonlyMap<string, readonly Tool[]> = new Map<string, readonly Tool[]>([
  ['read', READ],
  ['read/readfile', READ],
  ['readfile', READ],
  ['search', SEARCH],
  ['search/codebase', SEARCH],
  ['codebase', SEARCH],
  ['search/filesearch', [listFilesTool]],
  ['filesearch', [listFilesTool]],
  ['search/listdirectory', [listFilesTool]],
  ['listdirectory', [listFilesTool]],
  ['search/textsearch', [searchTool]],
  ['textsearch', [searchTool]],
  ['edit', EDIT],
  ['edit/editfiles', [proposeEditTool]],
  ['editfiles', [proposeEditTool]],
  ['edit/createfile', [createFileTool]],
  ['createfile', [createFileTool]],
  ['runtests', [runTestsTool]],
  ['execute/runtests', [runTestsTool]],
  ['execute/testfailure', [runTestsTool]],
  ['testfailure', [runTestsTool]],
]);

/** VS Code tools and tool sets with no Squad counterpart: accepted, and grant nothing. */
const VS_CODE_ONLY = new Set([
  'execute', 'execute/runinterminal', 'execute/getterminaloutput', 'execute/createandruntask', 'execute/runnotebookcell',
  'runcommands', 'runtasks', 'runinterminal', 'terminallastcommand', 'terminalselection',
  'read/problems', 'problems', 'read/terminallastcommand', 'read/terminalselection', 'read/getnotebooksummary', 'read/readnotebookcelloutput',
  'search/changes', 'changes', 'search/usages', 'usages', 'searchresults', 'search/searchresults',
  'edit/createdirectory', 'createdirectory', 'edit/editnotebook', 'editnotebook',
  'web', 'web/fetch', 'fetch', 'browser', 'githubrepo', 'githubtextsearch',
  'agent', 'agent/runsubagent', 'runsubagent', 'todos', 'todo', 'think', 'new', 'newworkspace', 'opensimplebrowser',
  'vscode', 'vscode/askquestions', 'vscode/extensions', 'extensions', 'vscode/getprojectsetupinfo', 'vscode/installextension',
  'vscode/runcommand', 'vscode/vscodeapi', 'vscodeapi',
]);

export interface ResolvedTools {
  /** Squad's built-in tools the list grants, in the stable order prompts list them, `finish` last. */
  readonly builtIn: readonly Tool[];
  /** Names neither Squad nor VS Code defines (MCP tools such as `server/tool` or `server/*`). */
  readonly other: readonly string[];
}

export function resolveToolNames(names: readonly string[]): ResolvedTools {
  const granted = new Set<Tool>([finishTool]);
  const other: string[] = [];
  const squad = new Map([...AGENT_TOOLS, runTestsTool].map((t) => [t.name, t] as const));
  for (const raw of names) {
    const name = raw.trim().replace(/^#/, '');
    const own = squad.get(name);
    const mapped = VS_CODE_TOOLS.get(name.toLowerCase());
    // `search` is both Squad's tool and VS Code's tool set: the file speaks VS Code, so the set wins.
    if (mapped) for (const t of mapped) granted.add(t);
    else if (own) granted.add(own);
    else if (!VS_CODE_ONLY.has(name.toLowerCase()) && name !== '') other.push(name);
  }
  const order = [...AGENT_TOOLS.slice(0, -1), runTestsTool, finishTool];
  return { builtIn: order.filter((t) => granted.has(t)), other };
}
