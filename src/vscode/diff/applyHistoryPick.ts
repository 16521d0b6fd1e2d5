/**
 * Squad: Roll Back an Apply…: every apply of this workspace's runs, newest first (time, the run's
 * request, its files), and any standing one rolled back, not only the last. An apply whose files a
 * later standing apply also wrote is refused, naming that apply: it must be rolled back first, or
 * the older roll-back would silently undo part of it. The roll-back is journaled in the run that
 * made the apply (through the host when that run is the active one, which holds its writer).
 */
import { oneLine } from '../../core/common/text';
import * as vscode from 'vscode';
import { readApplyHistory, refusalOf, type ApplyEntry } from '../../core/review/applyHistory';
import type { Storage } from '../../core/ports';
import { RunSession } from '../../core/run/session';
import type { CheckpointStore } from '../../node/checkpoints';
import { createFsStorage } from '../../node/fsStorage';
import type { Services } from '../services';
import { loadedState } from './hostState';
import { noteRollBacks } from './rolledBackCheckpoints';
import { rollBackCheckpoint, type IfChanged, type RollbackOutcome } from './rollback';

export interface RollBackApplyOptions {
  /** Skips the quick pick (tests, the sidebar's list). */
  readonly checkpointId?: string;
  readonly ifChanged?: IfChanged;
}

const rolledBackElsewhere = new vscode.EventEmitter<string>();
/** A roll-back journaled in a run other than the active one, whose events the host does not carry (the sidebar's list follows it). */
export const onDidRollBackInOtherRun = rolledBackElsewhere.event;

interface ApplyItem extends vscode.QuickPickItem {
  readonly entry: ApplyEntry;
  readonly kept: boolean;
}

export async function rollBackAnApply(services: Services, store: CheckpointStore | undefined, options: RollBackApplyOptions = {}): Promise<RollbackOutcome> {
  const storageDir = services.context.storageUri?.fsPath;
  if (!store || !storageDir) return nothing('Open a workspace folder to roll back an apply.');
  const storage = createFsStorage(storageDir);
  const history = await readApplyHistory(storage);
  const kept = new Set(await store.list());
  const entry = options.checkpointId !== undefined ? history.find((h) => h.checkpointId === options.checkpointId) : await pick(history, kept);
  if (!entry) return options.checkpointId !== undefined ? nothing(`No apply with checkpoint ${options.checkpointId} in this workspace.`) : { kind: 'nothing', reason: 'No apply was chosen.' };
  if (entry.rolledBack) return nothing(`That apply ("${oneLine(entry.request, 60)}") was already rolled back.`);
  if (!kept.has(entry.checkpointId)) return nothing(`The checkpoint of that apply is no longer kept (Squad keeps the most recent ${services.settings.read().checkpointsToKeep}); it cannot be rolled back.`);
  const refusal = refusalOf(history, entry);
  if (refusal) {
    void vscode.window.showWarningMessage(`Squad did not roll back "${oneLine(entry.request, 60)}". ${refusal}`);
    return { kind: 'nothing', reason: refusal };
  }
  const active = await loadedState(services.host);
  const record = active?.runId === entry.runId
    ? (files: readonly string[]) => services.host.recordRolledBack(entry.checkpointId, files)
    : (files: readonly string[]) => recordInRun(services, storage, entry, files);
  return rollBackCheckpoint(services, store, entry, options.ifChanged ?? 'ask', record);
}

async function pick(history: readonly ApplyEntry[], kept: ReadonlySet<string>): Promise<ApplyEntry | undefined> {
  if (history.length === 0) {
    void vscode.window.showInformationMessage('Squad has applied nothing in this workspace yet.');
    return undefined;
  }
  const items: ApplyItem[] = history.map((entry) => {
    const state = entry.rolledBack ? ' · rolled back' : kept.has(entry.checkpointId) ? '' : ' · checkpoint no longer kept';
    const files = entry.files.map((f) => f.path);
    return {
      entry,
      kept: kept.has(entry.checkpointId),
      label: `${entry.rolledBack ? '$(discard)' : '$(history)'} ${oneLine(entry.request, 60)}`,
      description: `${new Date(entry.at).toLocaleString()}${state}`,
      detail: `${files.length} file${files.length === 1 ? '' : 's'}: ${files.slice(0, 6).join(', ')}${files.length > 6 ? `, +${files.length - 6} more` : ''}`,
    };
  });
  const chosen = await vscode.window.showQuickPick(items, { title: 'Roll Back an Apply', placeHolder: 'Applies of this workspace, newest first', matchOnDescription: true, matchOnDetail: true });
  return chosen?.entry;
}

/** The roll-back of another run's apply goes into that run's journal, as its only writer for the moment. */
async function recordInRun(services: Services, storage: Storage, entry: ApplyEntry, files: readonly string[]): Promise<void> {
  const session = await RunSession.resume(storage, entry.runId);
  try {
    await session.acquireWriter();
    const event = await session.emit({ type: 'changes.rolledBack', checkpointId: entry.checkpointId, files: [...files] });
    // Its checkpoint goes at the next start, as the active run's roll-backs do (an Undo may still want it).
    await noteRollBacks(services.context.workspaceState, event);
    rolledBackElsewhere.fire(entry.checkpointId);
  } finally {
    await session.releaseWriter().catch(() => undefined);
    session.dispose();
  }
}

function nothing(reason: string): RollbackOutcome {
  void vscode.window.showInformationMessage(`Squad: ${reason}`);
  return { kind: 'nothing', reason };
}
