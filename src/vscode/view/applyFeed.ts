/** The Applies list's content: every apply of this workspace's journals, with what its checkpoint store still keeps. */
import type { ViewApplyEntry } from '../../protocol/messages';
import { readApplyHistory } from '../../core/review/applyHistory';
import { createFsStorage } from '../../node/fsStorage';
import { workspaceCheckpoints } from '../diff/editorApply';
import type { Services } from '../services';
import { projectApplies } from './projectApplies';

export async function workspaceApplies(services: Pick<Services, 'context' | 'log' | 'settings'>): Promise<ViewApplyEntry[]> {
  const dir = services.context.storageUri?.fsPath;
  const store = workspaceCheckpoints({ context: services.context, log: services.log, keep: () => services.settings.read().checkpointsToKeep });
  if (!dir || !store) return [];
  const history = await readApplyHistory(createFsStorage(dir));
  return projectApplies(history, new Set(await store.list()));
}
