/**
 * `squad rollback`: lists this workspace's applies that can be rolled back (newest first).
 * `squad rollback ID` (a checkpoint id from that list, or a run id: its last standing apply) puts
 * every file of that apply back exactly as its checkpoint kept it (bytes), all or nothing, then
 * removes the checkpoint. An older apply whose files a later standing apply also wrote is refused
 * until that one is rolled back; a file changed since the apply by anything else is only
 * overwritten with --force: a roll-back must not eat later work silently.
 */
import { oneLine } from '../../core/common/text';
import { planRollback } from '../../core/review/rollbackPlan';
import { decodeText } from '../../core/tools/text';
import { applyFiles, type FileWrite } from '../../node/applyFiles';
import { parseCommandArgs, usageError } from '../args';
import { cliCheckpointStore, readFromDisk } from '../applyPorts';
import { ROLLBACK_HELP } from '../help';
import { type CliIO, EXIT_FAILED, EXIT_OK } from '../io';
import { openRunForWriting, prepareLocal, type LocalSetup } from '../localSetup';
import { findApply, readApplyHistory, refusalOf, type ApplyEntry } from '../../core/review/applyHistory';
import type { CheckpointStore } from '../../node/checkpoints';

const ROLLBACK_OPTIONS = {
  workspace: { type: 'string' },
  force: { type: 'boolean' },
} as const;

export async function rollbackCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, ROLLBACK_OPTIONS);
  if (values.help) {
    io.stdout.write(ROLLBACK_HELP);
    return EXIT_OK;
  }
  const id = positionals[0];
  if (positionals.length > 1) throw usageError('squad rollback takes one id: a checkpoint id from `squad rollback`, or a run id.');
  const setup = await prepareLocal(values, io);
  const store = cliCheckpointStore(setup.journalDir, setup.root, setup.say);
  const history = await workspaceApplies(setup, store);
  if (id === undefined) {
    io.stdout.write(formatApplyHistory(history));
    return EXIT_OK;
  }
  const chosen = findApply(history, id);
  const runId = chosen?.runId ?? id;
  const session = await openRunForWriting(setup, runId);
  try {
    // A run id whose apply's checkpoint is no longer kept still names its last apply, to say so below.
    const standing = session.state.review.applies.filter((a) => !a.rolledBack);
    const last = chosen ? standing.find((a) => a.checkpointId === chosen.checkpointId) : standing.at(-1);
    if (!last) {
      setup.say(`Run ${runId} has no apply to roll back.`);
      return EXIT_FAILED;
    }
    const refusal = chosen && refusalOf(history, chosen);
    if (refusal) {
      setup.say(`Nothing was rolled back. ${refusal}`);
      return EXIT_FAILED;
    }
    const loaded = await store.read(last.checkpointId);
    if (!loaded) {
      setup.say(`The checkpoint ${last.checkpointId} is no longer kept (Squad keeps the most recent ones); nothing was changed.`);
      return EXIT_FAILED;
    }
    const files = loaded.checkpoint.files;
    const now = new Map(await Promise.all(files.map(async (f) => [f.path, await readFromDisk(setup.root, f.path)] as const)));
    const before = (p: string) => {
      const bytes = loaded.before(p);
      if (bytes === undefined) return undefined;
      const decoded = decodeText(bytes);
      return decoded.binary ? undefined : decoded.text;
    };
    const plan = planRollback(files.map((f) => ({ path: f.path, before: before(f.path), after: f.after ?? undefined })), (p) => now.get(p)!.current);
    if (plan.changed.length > 0 && values.force !== true) {
      setup.say(`Nothing was rolled back: ${plan.changed.join(', ')} changed since the apply. Run again with --force to replace those changes with the text from before the apply.`);
      return EXIT_FAILED;
    }
    const writes: FileWrite[] = plan.steps.filter((s) => s.action !== 'none').map((s) => {
      const current = now.get(s.path)!.current.text;
      const bytes = loaded.before(s.path);
      if (s.action === 'delete') return { path: s.path, action: 'deleted', original: current, current, content: undefined, merged: false };
      return { path: s.path, action: s.action === 'recreate' ? 'created' : 'modified', original: current, current, content: before(s.path) ?? '', merged: false, ...(bytes ? { bytes } : {}) };
    });
    await applyFiles(setup.root, writes, io.signal ? { signal: io.signal } : {});
    await session.emit({ type: 'changes.rolledBack', checkpointId: last.checkpointId, files: files.map((f) => f.path) });
    await store.remove(last.checkpointId);
    setup.say(`rolled back ${writes.length} file(s) of checkpoint ${last.checkpointId}: ${writes.map((w) => w.path).join(', ') || '(all were already as before)'}`);
    return EXIT_OK;
  } finally {
    await session.releaseWriter().catch(() => undefined);
    session.dispose();
  }
}

/**
 * The applies of this workspace: the journals are shared by every workspace, the checkpoint store
 * is this one's, so an apply is this workspace's when its checkpoint is kept here (a rolled-back
 * apply's checkpoint is removed, so the list holds what can still be rolled back).
 */
async function workspaceApplies(setup: LocalSetup, store: CheckpointStore): Promise<ApplyEntry[]> {
  const kept = new Set(await store.list());
  return (await readApplyHistory(setup.storage)).filter((h) => !h.rolledBack && kept.has(h.checkpointId));
}

function formatApplyHistory(history: readonly ApplyEntry[]): string {
  if (history.length === 0) return 'No apply of this workspace can be rolled back (Squad keeps the checkpoints of the most recent 20).\n';
  const lines = history.map((h) => {
    const files = h.files.map((f) => f.path);
    return `${h.checkpointId}  ${new Date(h.at).toISOString().replace('T', ' ').slice(0, 16)}  "${oneLine(h.request, 60)}"  ${files.slice(0, 4).join(', ')}${files.length > 4 ? ` +${files.length - 4} more` : ''}`;
  });
  return `${lines.join('\n')}\n\nRoll one back with: squad rollback CHECKPOINT_ID (newest first when they share files)\n`;
}
