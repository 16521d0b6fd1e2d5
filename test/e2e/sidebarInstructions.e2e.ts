/**
 * The built sidebar in headless Chromium: a task card lists the project's instruction files its
 * agent was given, marks the ones cut to the budget or left out, and explains each on hover.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { RunEventPayload } from '../../src/core/run/events';
import type { ToWebview } from '../../src/protocol/messages';
import { ViewTracker } from '../../src/vscode/view/tracker';
import { lastState, runEvents, stamp } from '../unit/webview/runFixture';
import { launchChromium, openSidebarPage } from './sidebarPage';

const used: RunEventPayload = {
  type: 'instructions.used', taskId: 't1', round: 0, budget: 2000,
  files: [
    { path: 'db/AGENTS.md', source: 'agents', status: 'whole', tokens: 40, why: 'nearest to db/repo.js' },
    { path: 'CLAUDE.md', source: 'claude', status: 'duplicate', tokens: 0, why: 'always; the same text as db/AGENTS.md' },
    { path: '.github/copilot-instructions.md', source: 'copilot', status: 'truncated', tokens: 1960, why: 'always' },
    { path: '.clinerules', source: 'cline', status: 'omitted', tokens: 90, why: 'always' },
    { path: '.cursor/rules/releases.mdc', source: 'cursor', status: 'listed', tokens: 0, why: 'on request: How a release is cut' },
  ],
};

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

describe('the sidebar shows each task\'s project instructions', () => {
  it('lists the files in the open card, marking cut, left-out and on-request ones', async () => {
    const p = await openSidebarPage(browser);
    try {
      const model = new ViewTracker().snapshot(lastState(stamp([...runEvents(), used], 'run-1', 0, Date.now() - 60_000)), false);
      await p.send({ type: 'snapshot', model, recent: [] } satisfies ToWebview);
      await p.page.click('#task-t1 .task-toggle');
      const items = p.page.locator('#task-t1 .instructions .instruction');
      await items.first().waitFor();
      assert.deepEqual(await items.allTextContents(), [
        'db/AGENTS.md',
        '.github/copilot-instructions.mdcut to fit',
        '.clinerulesleft out',
        '.cursor/rules/releases.mdcto read if relevant',
      ]);
      assert.equal(await items.nth(1).getAttribute('title'), '.github/copilot-instructions.md: cut to fit the budget (always)');
      assert.equal(await items.nth(0).getAttribute('title'), 'db/AGENTS.md: given whole (nearest to db/repo.js)');
      assert.equal(await p.page.locator('#task-t1 .instructions-label').textContent(), 'Project instructions');
      // A task whose agent was given none shows no such line.
      await p.page.click('#task-t2 .task-toggle');
      await p.page.locator('#task-t2 .description').waitFor();
      assert.equal(await p.page.locator('#task-t2 .instructions').count(), 1, 'the body is built');
      assert.equal(await p.page.locator('#task-t2 .instructions').isVisible(), false);
    } finally {
      await p.close();
    }
  });
});
