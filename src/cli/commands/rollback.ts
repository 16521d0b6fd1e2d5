/**
 * `squad rollback RUN_ID`: puts every file of the run's last standing apply back exactly as its
 * checkpoint kept it (bytes), all or nothing, then removes the checkpoint. A file changed since
 * the apply is only overwritten with --force: a roll-back must not eat later work silently.
 */
import { planRollback } from '../../core/review/rollbackPlan';
import { decodeText } from '../../core/tools/text';
import { applyFiles, type FileWrite } from '../../node/applyFiles';
import { parseCommandArgs, usageError } from '../args';
import { cliCheckpointStore, readFromDisk } from '../applyPorts';
import { ROLLBACK_HELP } from '../help';
import { type CliIO, EXIT_FAILED, EXIT_OK } from '../io';
import { openRunForWriting, prepareLocal } from '../localSetup';

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
  const runId = positionals[0];
  if (runId === undefined || positionals.length > 1) throw usageError('squad rollback takes one run id.');
  const setup = await prepareLocal(values, io);
  const session = await openRunForWriting(setup, runId);
  try {
    const last = [...session.state.review.applies].reverse().find((a) => !a.rolledBack);
    if (!last) {
      setup.say(`Run ${runId} has no apply to roll back.`);
      return EXIT_FAILED;
    }
    const store = cliCheckpointStore(setup.journalDir, setup.root, setup.say);
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
