/**
 * The review inside real VS Code: a prepared run (a journal written into the host's storage, no
 * model) is opened with squad.resumeRun; its changes are reviewed in the diff editor, applied as
 * one WorkspaceEdit, undone, rolled back.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import * as vscode from 'vscode';
import { validatePlan } from '../../../src/core/plan/validate';
import type { ApplyRecord } from '../../../src/core/run/reviewState';
import { RunSession } from '../../../src/core/run/session';
import { createFsStorage } from '../../../src/node/fsStorage';
import { PRIVATE_GIT_DIR } from '../../../src/node/checkpoints';

const EXTENSION_ID = 'squad-dev.squad';
const ROLES = ['database', 'backend', 'frontend', 'qa'];

interface TestInfo {
  readonly storageDir: string | undefined;
  readonly runId: string | undefined;
  readonly applies: readonly ApplyRecord[];
}

interface Change {
  readonly path: string;
  readonly base: string | null;
  readonly content: string | null;
}

interface PreparedTask {
  readonly id: string;
  readonly role: string;
  readonly changes: readonly Change[];
}

type ApplyOutcome = { kind: 'applied'; checkpointId: string; gitRef?: string; files: { path: string; action: string; merged: boolean }[] } | { kind: 'refused'; problems: string[] } | { kind: 'nothing' | 'failed'; reason: string };
type RollbackOutcome = { kind: 'rolledBack'; checkpointId: string; files: string[] } | { kind: 'cancelled'; changed: string[] } | { kind: 'nothing' | 'failed'; reason: string };

const root = (): string => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const uriOf = (rel: string): vscode.Uri => vscode.Uri.file(path.join(root(), ...rel.split('/')));
const info = async (): Promise<TestInfo> => (await vscode.commands.executeCommand<TestInfo>('_squad.review.testInfo'));
const readDisk = (rel: string): Promise<Buffer | undefined> => fs.readFile(path.join(root(), rel)).catch(() => undefined);
const lines = (n: number, tag = ''): string => Array.from({ length: n }, (_, i) => `line ${i + 1}${tag}`).join('\n') + '\n';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

let counter = 0;

/** Writes the workspace files and a finished run's journal, then opens that run in the host. */
async function prepareRun(files: Record<string, string | Uint8Array>, tasks: readonly PreparedTask[]): Promise<string> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root(), rel)), { recursive: true });
    await fs.writeFile(path.join(root(), rel), content);
  }
  const { storageDir } = await info();
  assert.ok(storageDir, 'the test workspace has no extension storage folder');
  const session = await RunSession.start({ storage: createFsStorage(storageDir), request: `review test ${++counter}`, workspaceName: 'workspace', roles: ROLES });
  const plan = { summary: 'prepared', tasks: tasks.map((t) => ({ id: t.id, role: t.role, title: `Task ${t.id}`, description: `Do ${t.id}`, dependsOn: [] })) };
  await session.emit({ type: 'plan.proposed', plan: validatePlan(plan, { roles: ROLES, maxTasks: 100 }), attempt: 1 });
  await session.emit({ type: 'plan.approved', by: 'user' });
  for (const t of tasks) {
    await session.emit({ type: 'task.started', taskId: t.id, role: t.role, model: 'prepared' });
    await session.emit({ type: 'proposal.updated', taskId: t.id, round: 0, files: [], changes: [...t.changes] });
    await session.emit({ type: 'task.finished', taskId: t.id, outcome: 'proposed', summary: `did ${t.id}` });
  }
  await session.emit({ type: 'run.finished', outcome: 'completed' });
  session.dispose();
  await vscode.commands.executeCommand('squad.resumeRun', session.runId);
  assert.equal((await info()).runId, session.runId);
  return session.runId;
}

async function activeDiff(): Promise<{ tab: vscode.Tab; input: vscode.TabInputTextDiff } | undefined> {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  return tab?.input instanceof vscode.TabInputTextDiff ? { tab, input: tab.input } : undefined;
}

async function apply(): Promise<ApplyOutcome> {
  return (await vscode.commands.executeCommand<ApplyOutcome>('squad.applyAccepted'));
}

async function cleanEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.uri.scheme !== 'file') continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('notifications.clearAll');
}

describe('review in the diff editor, apply and roll back', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    // A repository, so the checkpoints get their git ref; removed again after the suite.
    const git = simpleGit(root());
    await git.init();
    await git.addConfig('user.email', 'test@example.com').addConfig('user.name', 'Test').addConfig('commit.gpgsign', 'false');
    await git.add('.');
    await git.raw(['commit', '--allow-empty', '-m', 'initial']);
  });

  afterEach(cleanEditors);

  after(async () => {
    await fs.rm(path.join(root(), '.git'), { recursive: true, force: true });
  });

  it('opens a proposal in the diff editor from Review Changes, titled with its task and role', async () => {
    const base = lines(5);
    const proposed = base.replace('line 2\n', 'line 2 (db)\n');
    const runId = await prepareRun({ 'rv1/src/db/tasks.js': base }, [{ id: 't1', role: 'database', changes: [{ path: 'rv1/src/db/tasks.js', base, content: proposed }] }]);

    void vscode.commands.executeCommand('squad.reviewChanges');
    const diff = await waitFor('the diff editor', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return activeDiff();
    });
    assert.equal(diff.tab.label, 'rv1/src/db/tasks.js (t1 database: proposed)');
    assert.equal(diff.input.original.scheme, 'squad-proposal');
    assert.equal(diff.input.modified.scheme, 'squad-proposal');
    assert.match(diff.input.modified.query, new RegExp(`run=${runId}`));
    assert.equal((await vscode.workspace.openTextDocument(diff.input.original)).getText(), base);
    assert.equal((await vscode.workspace.openTextDocument(diff.input.modified)).getText(), proposed);

    // Another run opened: the document refreshes and says it is not part of it.
    await prepareRun({}, [{ id: 't9', role: 'backend', changes: [{ path: 'rv1/other.js', base: null, content: 'x\n' }] }]);
    const doc = await vscode.workspace.openTextDocument(diff.input.modified);
    await waitFor('the refreshed proposal', () => doc.getText().includes('not part of the open run'));
  });

  it("keeps an open diff's tab title true to the review: proposed, accepted, applied — one tab, retitled in place", async () => {
    const base = lines(5);
    await prepareRun({ 'rv5/api.js': base }, [{ id: 't2', role: 'backend', changes: [{ path: 'rv5/api.js', base, content: base.replace('line 3\n', 'line 3 (api)\n') }] }]);
    const diffTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.label.startsWith('rv5/api.js ('));
    await vscode.commands.executeCommand('squad.openDiff', { taskId: 't2', path: 'rv5/api.js' });
    assert.deepEqual(diffTabs().map((t) => t.label), ['rv5/api.js (t2 backend: proposed)']);
    // The commands resolve once the tab says the new word.
    await vscode.commands.executeCommand('squad.acceptFile', { taskId: 't2', path: 'rv5/api.js' });
    assert.deepEqual(diffTabs().map((t) => t.label), ['rv5/api.js (t2 backend: accepted)']);
    const outcome = await apply();
    assert.equal(outcome.kind, 'applied', JSON.stringify(outcome));
    assert.deepEqual(diffTabs().map((t) => t.label), ['rv5/api.js (t2 backend: applied)']);
    assert.equal((await activeDiff())?.tab.label, 'rv5/api.js (t2 backend: applied)', 'the retitled diff is still the one shown');
  });

  it('accepts one file and rejects another from the diff editor, applies exactly the accepted, and one Undo reverts it', async () => {
    const a = lines(8);
    const b = lines(4, ' b');
    const aProposed = a.replace('line 3\n', 'line 3 (api)\n');
    await prepareRun({ 'rv2/a.js': a, 'rv2/b.js': b }, [
      { id: 't1', role: 'backend', changes: [{ path: 'rv2/a.js', base: a, content: aProposed }, { path: 'rv2/c.js', base: null, content: 'created\n' }] },
      { id: 't2', role: 'frontend', changes: [{ path: 'rv2/b.js', base: b, content: b.replace('line 1 b', 'line 1 b (ui)') }] },
    ]);

    await vscode.commands.executeCommand('squad.openDiff', { taskId: 't1', path: 'rv2/a.js' });
    const diffA = await waitFor('the diff of a.js', activeDiff);
    // The editor title's Accept File passes the diff's (modified) URI.
    await vscode.commands.executeCommand('squad.acceptFile', diffA.input.modified);
    await vscode.commands.executeCommand('squad.acceptFile', { taskId: 't1', path: 'rv2/c.js' });
    await vscode.commands.executeCommand('squad.openDiff', { taskId: 't2', path: 'rv2/b.js' });
    await waitFor('the diff of b.js', async () => (await activeDiff())?.input.modified.path.endsWith('/rv2/b.js'));
    // No argument: the active diff editor's file.
    await vscode.commands.executeCommand('squad.rejectFile');

    const outcome = await apply();
    assert.equal(outcome.kind, 'applied', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'applied');
    assert.deepEqual(outcome.files, [
      { path: 'rv2/a.js', action: 'modified', merged: false },
      { path: 'rv2/c.js', action: 'created', merged: false },
    ]);
    assert.equal((await readDisk('rv2/a.js'))?.toString(), aProposed);
    assert.equal((await readDisk('rv2/c.js'))?.toString(), 'created\n');
    assert.equal((await readDisk('rv2/b.js'))?.toString(), b);
    const docA = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uriOf('rv2/a.js').fsPath);
    assert.equal(docA?.isDirty, false, 'the edited document is saved');
    assert.equal((await info()).applies.at(-1)?.checkpointId, outcome.checkpointId);

    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf('rv2/a.js')));
    await vscode.commands.executeCommand('undo');
    await waitFor('the undone text', () => docA?.getText() === a);
    await waitFor('the created file removed', async () => (await readDisk('rv2/c.js')) === undefined);
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    assert.equal((await readDisk('rv2/a.js'))?.toString(), a);

    // Squad sees that the Undo took the whole apply back: it no longer stands, nothing is left to roll back.
    await waitFor('the undone apply marked rolled back', async () => (await info()).applies.at(-1)?.rolledBack === true);
    const rolled = await vscode.commands.executeCommand<RollbackOutcome>('squad.rollBack');
    assert.equal(rolled?.kind, 'nothing', JSON.stringify(rolled));

    // Redo brings the apply back, and the record follows.
    await vscode.window.showTextDocument(docA);
    await vscode.commands.executeCommand('redo');
    await waitFor('the redone text', () => docA?.getText() === aProposed);
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await waitFor('the redone apply standing again', async () => (await info()).applies.at(-1)?.rolledBack === false);
    assert.equal((await info()).applies.at(-1)?.checkpointId, outcome.checkpointId);

    // Roll Back is one edit too: an Undo of it puts the apply back in the files and in the record.
    const back = await vscode.commands.executeCommand<RollbackOutcome>('squad.rollBack');
    assert.equal(back?.kind, 'rolledBack', JSON.stringify(back));
    assert.equal((await readDisk('rv2/a.js'))?.toString(), a);
    await vscode.window.showTextDocument(docA);
    await vscode.commands.executeCommand('undo');
    await waitFor('the roll-back undone', () => docA?.getText() === aProposed);
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await waitFor('the apply standing after undoing its roll-back', async () => (await info()).applies.at(-1)?.rolledBack === false);
  });

  it('an Undo that leaves part of an apply in place does not mark it rolled back', async () => {
    const a = lines(6);
    await prepareRun({ 'rv2b/a.js': a }, [{ id: 't1', role: 'backend', changes: [{ path: 'rv2b/a.js', base: a, content: a.replace('line 2\n', 'line 2 (api)\n') }] }]);
    await vscode.commands.executeCommand('squad.acceptAll');
    const outcome = await apply();
    assert.ok(outcome.kind === 'applied', JSON.stringify(outcome));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf('rv2b/a.js')));
    // The user types after the apply; one Undo takes back their typing, not the apply.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// mine\n'));
    await vscode.commands.executeCommand('undo');
    await waitFor('the typing undone', () => editor.document.getText() === a.replace('line 2\n', 'line 2 (api)\n'));
    await sleep(800);
    assert.equal((await info()).applies.at(-1)?.rolledBack, false, 'the apply still stands');
    const rolled = await vscode.commands.executeCommand<RollbackOutcome>('squad.rollBack');
    assert.equal(rolled?.kind, 'rolledBack', JSON.stringify(rolled));
    assert.equal((await readDisk('rv2b/a.js'))?.toString(), a);
  });

  it('rolls back exactly: bytes (CRLF, windows-1252, BOM), created files deleted, deleted files recreated', async () => {
    const crlf = Buffer.from('one\r\ntwo\r\nthree\r\n');
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x7a, 0x0a]); // "café\nz\n"
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('bom\n')]);
    const gone = Buffer.from('to be deleted\r\n');
    await prepareRun({ 'rv3/crlf.txt': crlf, 'rv3/latin1.txt': latin1, 'rv3/bom.txt': bom, 'rv3/gone.txt': gone }, [
      {
        id: 't1',
        role: 'backend',
        changes: [
          { path: 'rv3/crlf.txt', base: 'one\r\ntwo\r\nthree\r\n', content: 'one\r\ntwo (api)\r\nthree\r\n' },
          { path: 'rv3/latin1.txt', base: 'café\nz\n', content: 'café crème\nz\n' },
          { path: 'rv3/bom.txt', base: 'bom\n', content: 'bom (api)\n' },
          { path: 'rv3/gone.txt', base: 'to be deleted\r\n', content: null },
          { path: 'rv3/new/made.txt', base: null, content: 'made\n' },
        ],
      },
    ]);
    await vscode.commands.executeCommand('squad.acceptAll');
    const outcome = await apply();
    assert.ok(outcome.kind === 'applied', JSON.stringify(outcome));
    assert.deepEqual(await readDisk('rv3/crlf.txt'), Buffer.from('one\r\ntwo (api)\r\nthree\r\n'));
    assert.deepEqual(await readDisk('rv3/latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x63, 0x72, 0xe8, 0x6d, 0x65, 0x0a, 0x7a, 0x0a]));
    assert.deepEqual(await readDisk('rv3/bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('bom (api)\n')]));
    assert.equal(await readDisk('rv3/gone.txt'), undefined);
    assert.ok(outcome.gitRef, 'the workspace is a repository: the checkpoint has a git ref');
    // The ref lives in the store's private repository, never in the user's.
    assert.equal((await simpleGit(root()).raw(['for-each-ref', 'refs/squad/'])).trim(), '');
    const gitDir = path.join((await info()).storageDir!, 'checkpoints', PRIVATE_GIT_DIR);
    const tree = await simpleGit({ unsafe: { allowUnsafeConfigPaths: true } }).raw([`--git-dir=${gitDir}`, 'ls-tree', '-r', '--name-only', outcome.gitRef]);
    assert.deepEqual(tree.trim().split('\n').sort(), ['rv3/bom.txt', 'rv3/crlf.txt', 'rv3/gone.txt', 'rv3/latin1.txt']);

    const rolled = (await vscode.commands.executeCommand<RollbackOutcome>('squad.rollBack'));
    assert.equal(rolled.kind, 'rolledBack', JSON.stringify(rolled));
    assert.deepEqual(await readDisk('rv3/crlf.txt'), crlf);
    assert.deepEqual(await readDisk('rv3/latin1.txt'), latin1);
    assert.deepEqual(await readDisk('rv3/bom.txt'), bom);
    assert.deepEqual(await readDisk('rv3/gone.txt'), gone);
    assert.equal(await readDisk('rv3/new/made.txt'), undefined);
    assert.equal((await info()).applies.at(-1)?.rolledBack, true);
  });

  it('merges into a dirty buffer with unrelated edits instead of losing them; overlapping edits stop the apply', async () => {
    const base = lines(20);
    const proposed = base.replace('line 3\n', 'line 3 (api)\n');
    await prepareRun({ 'rv4/a.js': base }, [{ id: 't1', role: 'backend', changes: [{ path: 'rv4/a.js', base, content: proposed }] }]);
    await vscode.commands.executeCommand('squad.acceptAll');

    const doc = await vscode.workspace.openTextDocument(uriOf('rv4/a.js'));
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(new vscode.Range(2, 0, 2, 6), 'LINE 3'));
    const refused = await apply();
    assert.ok(refused.kind === 'refused', JSON.stringify(refused));
    assert.match(refused.problems.join('\n'), /rv4\/a\.js: .*in the editor \(unsaved\).*overlap.*line 3/);
    assert.equal((await readDisk('rv4/a.js'))?.toString(), base, 'nothing written');
    assert.equal(doc.isDirty, true);

    await editor.edit((e) => e.replace(new vscode.Range(2, 0, 2, 6), 'line 3'));
    await editor.edit((e) => e.replace(new vscode.Range(17, 0, 17, 7), 'line 18 (mine)'));
    const outcome = await apply();
    assert.ok(outcome.kind === 'applied', JSON.stringify(outcome));
    assert.deepEqual(outcome.files, [{ path: 'rv4/a.js', action: 'modified', merged: true }]);
    const merged = proposed.replace('line 18\n', 'line 18 (mine)\n');
    assert.equal(doc.getText(), merged);
    assert.equal(doc.isDirty, false);
    assert.equal((await readDisk('rv4/a.js'))?.toString(), merged);

    // Roll back: the disk gets its bytes back, the editor its unsaved text.
    const rolled = (await vscode.commands.executeCommand<RollbackOutcome>('squad.rollBack'));
    assert.equal(rolled.kind, 'rolledBack', JSON.stringify(rolled));
    assert.equal((await readDisk('rv4/a.js'))?.toString(), base);
    assert.equal(doc.getText(), base.replace('line 18\n', 'line 18 (mine)\n'));
    assert.equal(doc.isDirty, true);
  });

  it('asks before rolling back over a file changed since the apply', async () => {
    const base = lines(3);
    await prepareRun({ 'rv5/a.js': base }, [{ id: 't1', role: 'backend', changes: [{ path: 'rv5/a.js', base, content: 'replaced\n' }] }]);
    await vscode.commands.executeCommand('squad.acceptTask', 't1');
    assert.equal((await apply()).kind, 'applied');
    await fs.writeFile(path.join(root(), 'rv5/a.js'), 'replaced, then edited\n');
    // As when another tool writes the file: the editor's copy follows the disk first.
    const doc = await vscode.workspace.openTextDocument(uriOf('rv5/a.js'));
    await waitFor('the document to reload from disk', () => doc.getText() === 'replaced, then edited\n');

    const cancelled = (await vscode.commands.executeCommand<RollbackOutcome>('squad.rollBack', { ifChanged: 'cancel' }));
    assert.deepEqual(cancelled, { kind: 'cancelled', changed: ['rv5/a.js'] });
    assert.equal((await readDisk('rv5/a.js'))?.toString(), 'replaced, then edited\n');
    assert.equal((await info()).applies.at(-1)?.rolledBack, false);

    const rolled = (await vscode.commands.executeCommand<RollbackOutcome>('squad.rollBack', { ifChanged: 'overwrite' }));
    assert.equal(rolled.kind, 'rolledBack');
    assert.equal((await readDisk('rv5/a.js'))?.toString(), base);
  });

  it('Reject Task without an argument asks which task; Apply then writes only the other task\'s files', async () => {
    await prepareRun({ 'rv6/db.sql': 'create table t;\n' }, [
      { id: 't1', role: 'database', changes: [{ path: 'rv6/db.sql', base: 'create table t;\n', content: 'create table t (id int);\n' }] },
      { id: 't2', role: 'frontend', changes: [{ path: 'rv6/ui.js', base: null, content: 'ui\n' }] },
    ]);
    await vscode.commands.executeCommand('squad.acceptAll');
    const rejecting = vscode.commands.executeCommand('squad.rejectTask');
    // The picker lists t1 first (tasks in the order they settled).
    await waitFor('the task picker', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return Promise.race([rejecting.then(() => true), sleep(100).then(() => undefined)]);
    });
    const outcome = await apply();
    assert.ok(outcome.kind === 'applied', JSON.stringify(outcome));
    assert.deepEqual(outcome.files.map((f) => f.path), ['rv6/ui.js']);
    assert.equal((await readDisk('rv6/db.sql'))?.toString(), 'create table t;\n');
  });
});
