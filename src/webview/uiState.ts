/**
 * What the view keeps across being hidden and shown (acquireVsCodeApi().getState/setState): which
 * tasks and files are open, the scroll position and the unsent request. The run's data is not kept
 * here; it comes back from the extension as a snapshot. Pure.
 */
import * as z from 'zod/mini';

const Persisted = z.object({
  v: z.literal(1),
  runId: z.catch(z.nullable(z.string()), null),
  expandedTasks: z.catch(z.array(z.string()), []),
  expandedFiles: z.catch(z.array(z.string()), []),
  /** Sections the user closed (plan, tests). */
  collapsedSections: z.catch(z.array(z.string()), []),
  scrollTop: z.catch(z.number().check(z.nonnegative()), 0),
  draft: z.catch(z.string(), ''),
  /** The run whose Resume offer the user dismissed in the header. */
  dismissedResume: z.catch(z.nullable(z.string()), null),
});

export interface UiState {
  /** The run the expansions belong to; another run starts with everything closed. */
  runId: string | null;
  readonly expandedTasks: Set<string>;
  readonly expandedFiles: Set<string>;
  readonly collapsedSections: Set<string>;
  scrollTop: number;
  draft: string;
  dismissedResume: string | null;
}

export function emptyUiState(): UiState {
  return { runId: null, expandedTasks: new Set(), expandedFiles: new Set(), collapsedSections: new Set(), scrollTop: 0, draft: '', dismissedResume: null };
}

/** Whatever getState returned (possibly nothing, or an older shape) as a usable state. */
export function restoreUiState(raw: unknown): UiState {
  const parsed = Persisted.safeParse(raw);
  if (!parsed.success) return emptyUiState();
  const p = parsed.data;
  return {
    runId: p.runId,
    expandedTasks: new Set(p.expandedTasks),
    expandedFiles: new Set(p.expandedFiles),
    collapsedSections: new Set(p.collapsedSections),
    scrollTop: p.scrollTop,
    draft: p.draft,
    dismissedResume: p.dismissedResume,
  };
}

export function persistUiState(ui: UiState): z.infer<typeof Persisted> {
  return {
    v: 1,
    runId: ui.runId,
    expandedTasks: [...ui.expandedTasks],
    expandedFiles: [...ui.expandedFiles],
    collapsedSections: [...ui.collapsedSections],
    scrollTop: ui.scrollTop,
    draft: ui.draft,
    dismissedResume: ui.dismissedResume,
  };
}

/**
 * A snapshot of `runId` arrived: expansions of another run no longer mean anything. No run at all
 * (the extension is still loading the last one after a reload) keeps them for when it comes back.
 */
export function adoptRun(ui: UiState, runId: string | null): boolean {
  if (runId === null || ui.runId === runId) return false;
  ui.runId = runId;
  ui.expandedTasks.clear();
  ui.expandedFiles.clear();
  ui.scrollTop = 0;
  return true;
}

export const fileKey = (taskId: string, path: string) => `${taskId}:${path}`;

export function toggle(set: Set<string>, key: string, open?: boolean): boolean {
  const next = open ?? !set.has(key);
  if (next) set.add(key);
  else set.delete(key);
  return next;
}
