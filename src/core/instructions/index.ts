/**
 * The project's instructions for the planner and each task: found once per run (the root's files)
 * and per folder on demand (nested AGENTS.md, CLAUDE.md, `.cursor/rules`), chosen for the files a
 * prompt is about, fitted to the budget and rendered as marked data. See docs/design.md.
 */
import type { Workspace } from '../ports';
import type { Sandbox } from '../tools';
import { fitToBudget, INSTRUCTIONS_TOKEN_BUDGET } from './budget';
import { discoverFolderInstructions, discoverRootInstructions, workspaceInstructionReader, type InstructionReader } from './discover';
import { renderInstructions } from './render';
import { applicableFiles, foldersAbove } from './select';
import type { InstructionFile, InstructionsForPrompt } from './types';

export { INSTRUCTIONS_TOKEN_BUDGET } from './budget';
export { INSTRUCTIONS_SOURCE } from './render';
export type { InstructionsForPrompt, InstructionsRecord, InstructionUse, InstructionStatus, InstructionSource } from './types';

export interface ProjectInstructions {
  /** For the planner: the files that speak for the whole workspace. */
  forPlanner(): Promise<InstructionsForPrompt>;
  /** For a task's agent, about these workspace files (the plan's `files`, and in a fix round the files it changed). */
  forTask(files: readonly string[]): Promise<InstructionsForPrompt>;
}

export interface InstructionsOptions {
  readonly budget?: number;
}

export function projectInstructions(workspace: Workspace, sandbox: Sandbox, options: InstructionsOptions = {}): ProjectInstructions {
  return instructionsFrom(workspaceInstructionReader(workspace, sandbox), options);
}

export function instructionsFrom(reader: InstructionReader, options: InstructionsOptions = {}): ProjectInstructions {
  const budget = options.budget ?? INSTRUCTIONS_TOKEN_BUDGET;
  let root: Promise<InstructionFile[]> | undefined;
  const folders = new Map<string, Promise<InstructionFile[]>>();
  const rootFiles = () => (root ??= discoverRootInstructions(reader));
  const folderFiles = (dir: string) => {
    let found = folders.get(dir);
    if (!found) {
      found = discoverFolderInstructions(reader, dir);
      folders.set(dir, found);
    }
    return found;
  };
  return {
    async forPlanner() {
      return renderInstructions(fitToBudget(applicableFiles(await rootFiles()), budget), budget, 'planner');
    },
    async forTask(files) {
      const targets = [...new Set(files.map(normalise).filter((f) => f !== ''))];
      const nested = await Promise.all(foldersAbove(targets).map(folderFiles));
      const all = [...(await rootFiles()), ...nested.flat()];
      return renderInstructions(fitToBudget(applicableFiles(all, targets), budget), budget, 'agent');
    },
  };
}

/** The plan's paths come from a model: `./src/x.ts`, `src\\x.ts` and `/src/x.ts` all mean src/x.ts. */
function normalise(path: string): string {
  return path.trim().replace(/\\/g, '/').replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
}
