/**
 * Driving the VS Code workbench in a page the way a user does: the command palette, quick picks,
 * input boxes, notifications, the activity bar and webview views. Selectors are the workbench's
 * own (VS Code 1.139 web, as served by code-server).
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { RESULTS_DIR } from './env';

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} input.input`;
const QUICK_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A row whose label is exactly `label` (not one that merely contains it). */
function exactLabel(label: string | RegExp): RegExp {
  return typeof label === 'string' ? new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) : label;
}

export class Workbench {
  constructor(
    readonly page: Page,
    /** Default wait for UI to appear, in ms. */
    protected readonly timeoutMs = 20_000,
  ) {}

  /** Runs a command by its palette title, e.g. `Squad: Request Feature`. */
  async runCommand(title: string): Promise<void> {
    // The palette lists the commands known when it opens; right after startup the extension
    // host may not have registered an extension's contributions yet, so reopen until it shows.
    const deadline = Date.now() + this.timeoutMs;
    let attempt = 0;
    for (;;) {
      await this.closeQuickInput();
      // A key press can be swallowed while focus sits in a webview or a closing dialog: try again,
      // alternating F1 with the other palette key, until the deadline.
      await this.page.keyboard.press(attempt++ % 2 === 0 ? 'F1' : 'Control+Shift+P');
      const box = this.page.locator(QUICK_INPUT_BOX);
      try {
        await box.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(3_000, deadline - Date.now())) });
      } catch (err) {
        if (Date.now() >= deadline) throw new Error(`the command palette did not open for "${title}"`, { cause: err });
        continue;
      }
      try {
        // The palette can close again at once when a panel opened by the previous command takes focus.
        await box.fill(`>${title}`, { timeout: Math.max(1, Math.min(3_000, deadline - Date.now())) });
      } catch (err) {
        if (Date.now() >= deadline) throw new Error(`the command palette closed before "${title}" could be typed`, { cause: err });
        continue;
      }
      const row = this.quickPickRow(title);
      try {
        await row.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(2_000, deadline - Date.now())) });
      } catch (err) {
        if (Date.now() >= deadline) throw new Error(`command "${title}" is not in the palette`, { cause: err });
        continue;
      }
      await row.click();
      await this.parkMouse();
      await this.waitForPaletteToClose();
      return;
    }
  }

  /**
   * After a palette pick the same widget either hides or turns into the command's own quick pick
   * or input box; until then its rows are still the palette's commands, which a following
   * quickPick() or quickPickItems() would read.
   */
  private async waitForPaletteToClose(): Promise<void> {
    const widget = this.page.locator(QUICK_INPUT);
    const box = this.page.locator(QUICK_INPUT_BOX);
    const deadline = Date.now() + this.timeoutMs;
    while (Date.now() < deadline) {
      if (!(await widget.isVisible())) return;
      const value = await box.inputValue({ timeout: 1_000 }).catch(() => '');
      if (!value.startsWith('>')) return;
      await this.page.waitForTimeout(50);
    }
    throw new Error('the command palette did not close after picking a command');
  }

  /** The open quick pick's row labelled `label` (exact text of the label, or a pattern). */
  quickPickRow(label: string | RegExp): Locator {
    return this.page
      .locator(QUICK_ROW)
      .filter({ has: this.page.locator('.label-name').filter({ hasText: exactLabel(label) }) })
      .first();
  }

  /** Moves the pointer to the middle of the window (the empty editor area) so no hover shows in screenshots. */
  async parkMouse(): Promise<void> {
    const size = this.page.viewportSize() ?? { width: 1400, height: 900 };
    await this.page.mouse.move(size.width / 2, size.height / 2);
  }

  /** Labels of the rows the open quick pick shows (only those rendered: the list is virtual). */
  async quickPickItems(): Promise<string[]> {
    await this.page.locator(QUICK_ROW).first().waitFor({ state: 'visible', timeout: this.timeoutMs });
    const labels = await this.page.locator(`${QUICK_ROW} .label-name`).allTextContents();
    return labels.map((l) => l.trim());
  }

  /**
   * Picks in the open quick pick: one label accepts that row; several labels tick each row of a
   * multi-select pick and press OK (Enter).
   */
  async quickPick(...labels: Array<string | RegExp>): Promise<void> {
    await this.page.locator(QUICK_INPUT).waitFor({ state: 'visible', timeout: this.timeoutMs });
    if (labels.length === 1 && labels[0] !== undefined && !(await this.isMultiSelect())) {
      const row = this.quickPickRow(labels[0]);
      await row.waitFor({ state: 'visible', timeout: this.timeoutMs });
      await row.click();
      return;
    }
    for (const label of labels) {
      const row = this.quickPickRow(label);
      await row.waitFor({ state: 'visible', timeout: this.timeoutMs });
      await row.locator('.quick-input-list-checkbox, input[type=checkbox], .monaco-checkbox').first().click();
    }
    await this.page.locator(QUICK_INPUT_BOX).press('Enter');
  }

  private async isMultiSelect(): Promise<boolean> {
    return (await this.page.locator(`${QUICK_ROW} .quick-input-list-checkbox, ${QUICK_ROW} .monaco-checkbox`).count()) > 0;
  }

  /** Types `value` into the open input box (showInputBox) and accepts it. */
  async inputBox(value: string): Promise<void> {
    const box = this.page.locator(QUICK_INPUT_BOX);
    await box.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await box.fill(value);
    await box.press('Enter');
  }

  /** The validation or prompt message under the open input box. */
  async inputBoxMessage(): Promise<string> {
    const msg = this.page.locator(`${QUICK_INPUT} .quick-input-message`);
    await msg.waitFor({ state: 'attached', timeout: this.timeoutMs });
    return (await msg.textContent())?.trim() ?? '';
  }

  /** Escapes out of an open palette, quick pick or input box, if any. */
  async closeQuickInput(): Promise<void> {
    const widget = this.page.locator(QUICK_INPUT);
    if (await widget.isVisible()) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: this.timeoutMs });
    }
  }

  /** Waits for a notification toast whose text contains `text`. */
  async waitForNotification(text: string | RegExp, timeoutMs = this.timeoutMs): Promise<Locator> {
    const toast = this.page.locator('.notification-toast').filter({ hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return toast;
  }

  /** Clicks the button labelled `button` on the toast that contains `text`. */
  async clickNotificationButton(text: string | RegExp, button: string): Promise<void> {
    const toast = await this.waitForNotification(text);
    await toast.locator('.monaco-button').filter({ hasText: exactLabel(button) }).first().click();
  }

  /** Text of every visible toast, for assertions and failure messages. */
  async notifications(): Promise<string[]> {
    const texts = await this.page.locator('.notification-toast .notification-list-item-message').allTextContents();
    return texts.map((t) => t.trim());
  }

  /** Clicks a view container in the activity bar by its title (the extension's `viewsContainers` title). */
  async openViewContainer(title: string): Promise<void> {
    const item = this.page.locator(`.part.activitybar .action-item [aria-label^="${title.replace(/"/g, '\\"')}"]`).first();
    await item.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await item.click();
  }

  /**
   * The document inside a webview view: the workbench hosts it in two nested iframes
   * (the outer `iframe.webview` and its `#active-frame`). `index` picks among several webviews.
   */
  sidebarFrame(index = 0): FrameLocator {
    return this.page.locator('iframe.webview.ready').nth(index).contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** Whether the workbench shows Restricted Mode (an untrusted workspace). */
  async isRestrictedMode(): Promise<boolean> {
    return (await this.page.locator('.part.statusbar').getByText('Restricted Mode', { exact: true }).count()) > 0;
  }

  /**
   * Waits until the workbench does (or does not) show Restricted Mode. The status bar entry
   * appears a moment after the workbench itself, so a single look can come too early.
   */
  async waitForRestrictedMode(restricted: boolean): Promise<void> {
    const entry = this.page.locator('.part.statusbar').getByText('Restricted Mode', { exact: true }).first();
    await entry.waitFor({ state: restricted ? 'visible' : 'detached', timeout: this.timeoutMs });
  }

  /** Trusts the open folder the way a user does: Manage Workspace Trust, then the Trust button. */
  async grantTrust(): Promise<void> {
    await this.runCommand('Workspaces: Manage Workspace Trust');
    const trust = this.page.locator('.workspace-trust-editor .workspace-trust-buttons-row .monaco-button').filter({ hasText: /^Trust$/ }).first();
    await trust.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await trust.click();
    await this.page.locator('.part.statusbar').getByText('Restricted Mode', { exact: true }).waitFor({ state: 'detached', timeout: this.timeoutMs });
    // The trust editor opens over the workbench (a modal editor); close it so the next step sees the window.
    await this.runCommand('View: Close Editor');
    await this.page.locator('.workspace-trust-editor').waitFor({ state: 'hidden', timeout: this.timeoutMs });
  }

  /** Picks a colour theme the way a user does (Preferences: Color Theme): applied at once, no reload. */
  async setColorTheme(label: string): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.quickPick(label);
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: this.timeoutMs });
  }

  /**
   * Drags the edge between the side bar and the editor until the side bar is `width` px wide (the
   * width users start with is about 300 px). Returns the width it has.
   */
  async setSidebarWidth(width: number): Promise<number> {
    const sidebar = this.page.locator('.part.sidebar').first();
    await sidebar.waitFor({ state: 'visible', timeout: this.timeoutMs });
    for (let attempt = 0; attempt < 3; attempt++) {
      const box = await sidebar.boundingBox();
      if (!box) throw new Error('the side bar has no box');
      if (Math.abs(box.width - width) <= 1) return box.width;
      // The sash straddles the side bar's right edge.
      const y = box.y + box.height / 2;
      await this.page.mouse.move(box.x + box.width, y);
      await this.page.mouse.down();
      await this.page.mouse.move(box.x + width, y, { steps: 8 });
      await this.page.mouse.up();
      await this.page.waitForTimeout(200);
    }
    const final = await sidebar.boundingBox();
    return final?.width ?? 0;
  }

  /** A PNG of the side bar alone under test-results/e2e/ (see screenshot()); returns its path. */
  async sidebarScreenshot(name: string, settleMs = 500): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.waitForTimeout(settleMs);
    await this.page.locator('.part.sidebar').first().screenshot({ path: file });
    return file;
  }

  /**
   * Saves a PNG under test-results/e2e/ and returns its path. Waits `settleMs` first: toasts and
   * views fade in.
   */
  async screenshot(name: string, settleMs = 500): Promise<string> {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.waitForTimeout(settleMs);
    await this.page.screenshot({ path: file });
    return file;
  }
}
