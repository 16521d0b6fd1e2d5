/**
 * Steps the extension's end-to-end tests share, on top of the harness's Workbench: the Squad
 * status bar item, files on disk, the editor (Quick Open, undo, save), modal dialogs and the
 * Output panel. Selectors are VS Code 1.139's (web, as served by code-server).
 */
import { promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import type { VSCodeSession } from './harness';

/**
 * What a failed extension test leaves for the reader: a screenshot, the notifications on screen
 * and the server's and extension host's logs, as test diagnostics.
 */
export async function reportFailure(vscode: VSCodeSession, name: string, diagnostic: (line: string) => void): Promise<void> {
  await vscode.screenshot(`${name}-failure`).catch(() => undefined);
  diagnostic(`notifications: ${(await vscode.notifications().catch(() => [])).join(' | ')}`);
  diagnostic(vscode.logs());
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `ok` holds; the error names every distinct value seen, so a failure says where it stuck. */
export async function waitUntil<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    let shown: string;
    try {
      value = await read();
      shown = JSON.stringify(value);
      if (ok(value)) return value;
    } catch (err) {
      shown = `error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    }
    if (seen.at(-1) !== shown) seen.push(shown);
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; saw ${seen.slice(-8).join(' → ')}`);
    await sleep(150);
  }
}

/** A file's text, or undefined when it does not exist. */
export async function readText(file: string): Promise<string | undefined> {
  return fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** Every file of a workspace (relative POSIX path → text), for "exactly as before" comparisons. */
export async function snapshotFiles(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    const abs = path.join(root, rel);
    if (statSync(abs).isFile()) out[rel.split(path.sep).join('/')] = await fs.readFile(abs, 'utf8');
  }
  return out;
}

/** The Squad status bar item (createStatusBarItem id `squad.status`). */
export function squadStatusItem(vscode: VSCodeSession): Locator {
  return vscode.page.locator('.part.statusbar .statusbar-item[id$="squad.status"]').first();
}

export async function squadStatusText(vscode: VSCodeSession): Promise<string> {
  return ((await squadStatusItem(vscode).innerText({ timeout: 2_000 })) ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the Squad status bar text matches `pattern`; returns the text. */
export function waitForSquadStatus(vscode: VSCodeSession, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return waitUntil(`the Squad status bar to match ${pattern}`, () => squadStatusText(vscode), (t) => pattern.test(t), timeoutMs);
}

/** The status bar item's hover text (its aria-label carries the tooltip's first lines in 1.139). */
export async function squadStatusTooltip(vscode: VSCodeSession): Promise<string> {
  const item = squadStatusItem(vscode);
  await item.hover();
  const hover = vscode.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /Squad/ }).first();
  await hover.waitFor({ state: 'visible', timeout: 10_000 });
  const text = (await hover.innerText()).trim();
  await vscode.parkMouse();
  return text;
}

/**
 * Waits (up to 10 s) until the visible sidebar webview, if any, has rendered its text. Seen here:
 * without it, screenshots of a flow that never touched the webview showed the view blank for many
 * seconds; with it they show its content.
 */
export async function settleSidebar(vscode: VSCodeSession): Promise<void> {
  if ((await vscode.page.locator('iframe.webview.ready').count()) === 0) return;
  await vscode.sidebarFrame().locator('body').filter({ hasText: /\S/ }).waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
}

/** Dismisses every notification toast, so the next screenshot shows only what the next step raises. */
export async function clearNotifications(vscode: VSCodeSession): Promise<void> {
  await vscode.runCommand('Notifications: Clear All Notifications');
  await vscode.page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}

/** Opens a workspace file by Quick Open (the palette without `>`) and focuses its editor. */
export async function openFile(vscode: VSCodeSession, rel: string): Promise<void> {
  await vscode.closeQuickInput();
  await vscode.page.keyboard.press('F1');
  const box = vscode.page.locator('.quick-input-widget input.input');
  await box.waitFor({ state: 'visible' });
  await box.fill(rel);
  const row = vscode.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: path.posix.basename(rel) }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await box.press('Enter');
  await vscode.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  const tab = vscode.page.locator('.tabs-container .tab.active').filter({ hasText: path.posix.basename(rel) });
  await tab.waitFor({ state: 'visible', timeout: 20_000 });
  await focusActiveEditor(vscode);
}

/** Clicks into the active editor's text so keyboard commands (undo, save) go to it. */
export async function focusActiveEditor(vscode: VSCodeSession): Promise<void> {
  const lines = vscode.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first();
  await lines.waitFor({ state: 'visible', timeout: 20_000 });
  await lines.click();
  await vscode.page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'attached', timeout: 10_000 });
}

/** Rendered text of a Monaco editor's lines (Monaco draws spaces as no-break spaces). */
export async function editorText(lines: Locator): Promise<string> {
  return (await lines.innerText({ timeout: 5_000 })).replace(/\u00a0/g, ' ');
}

/** The open modal dialog (e.g. "Undo in N files?"), or undefined when none shows within `timeoutMs`. */
export async function modalDialog(vscode: VSCodeSession, timeoutMs: number): Promise<Locator | undefined> {
  const dialog = vscode.page.locator('.monaco-dialog-box').first();
  return dialog.waitFor({ state: 'visible', timeout: timeoutMs }).then(() => dialog, () => undefined);
}

/** Text of the Output panel's editor (what is rendered: the channel must be short enough to show whole). */
export async function outputPanelText(vscode: VSCodeSession): Promise<string> {
  const lines = vscode.page.locator('.part.panel .output-view .monaco-editor .view-lines, .part.panel .monaco-editor .view-lines').first();
  await lines.waitFor({ state: 'visible', timeout: 20_000 });
  return editorText(lines);
}

/** The channel shown in the Output panel's picker (e.g. "Squad"). */
export async function outputPanelChannel(vscode: VSCodeSession): Promise<string> {
  const select = vscode.page.locator('.part.panel .monaco-select-box, .part.panel select').first();
  await select.waitFor({ state: 'attached', timeout: 20_000 });
  const title = await select.getAttribute('title');
  if (title) return title.trim();
  return (await select.evaluate((el) => {
    const s = el as unknown as { selectedIndex: number; options: ArrayLike<{ text: string }> };
    return s.options[s.selectedIndex]?.text ?? '';
  })).trim();
}

/** Every file under `dir` whose text contains `needle` (binary files included, read as latin1). */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const abs = path.join(dir, rel);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      continue;
    }
    if (!stat.isFile() || stat.size > 50_000_000) continue;
    if (readFileSync(abs).toString('latin1').includes(needle)) hits.push(rel);
  }
  return hits;
}

/** Log files of the Squad output channel under the user-data folder (code-server keeps them on the server). */
export function squadLogFiles(userDataDir: string): string[] {
  return readdirSync(path.join(userDataDir, 'logs'), { recursive: true, encoding: 'utf8' })
    .filter((rel) => /Squad\.log$/.test(rel))
    .map((rel) => path.join(userDataDir, 'logs', rel));
}

/** Types a feature request into the sidebar's box and sends it (Ctrl+Enter), as a user does. */
export async function requestInSidebar(view: FrameLocator, text: string): Promise<void> {
  const box = view.locator('#request-text');
  await box.waitFor({ state: 'visible', timeout: 30_000 });
  await box.fill(text);
  await box.press('Control+Enter');
}
