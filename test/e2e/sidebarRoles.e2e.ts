/**
 * The built sidebar in headless Chromium at the default sidebar width: where each role of the run
 * came from (an agent file, settings) shows under the plan summary and on each task's role.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { RunEventPayload } from '../../src/core/run/events';
import type { ToWebview } from '../../src/protocol/messages';
import { ViewTracker } from '../../src/vscode/view/tracker';
import { lastState, runEvents, stamp } from '../unit/webview/runFixture';
import { RESULTS_DIR } from './env';
import { launchChromium, openSidebarPage, type Theme } from './sidebarPage';

/** The fixture run, started with a roster: backend overridden by an agent file, a custom docs role from settings. */
function eventsWithRoster(): RunEventPayload[] {
  const [started, ...rest] = runEvents();
  assert.equal(started?.type, 'run.started');
  const roster = [
    { name: 'database', source: 'built-in' },
    { name: 'backend', source: '.squad/agents/backend.agent.md', model: 'api-model' },
    { name: 'frontend', source: 'built-in' },
    { name: 'qa', source: 'built-in' },
    { name: 'docs', source: '--roles' },
  ];
  return [{ ...started, roster }, ...rest];
}

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

describe('the sidebar shows where each role came from', () => {
  for (const theme of ['dark', 'light', 'high-contrast'] as const satisfies readonly Theme[]) {
    it(`names the roles that are not built in, and says so on each task's role (${theme}, 300 px)`, async () => {
      const p = await openSidebarPage(browser, { theme, width: 300 });
      try {
        const model = new ViewTracker().snapshot(lastState(stamp(eventsWithRoster(), 'run-1', 0, Date.now() - 60_000)), false);
        await p.send({ type: 'snapshot', model, recent: [] } satisfies ToWebview);
        const line = p.page.locator('.plan-roles');
        await line.waitFor();
        assert.equal(await line.textContent(), 'Roles: backend (.squad/agents/backend.agent.md) · docs (--roles)');
        const role = (id: string) => p.page.locator(`#task-${id} .role`);
        assert.equal(await role('t2').getAttribute('title'), 'backend: from .squad/agents/backend.agent.md');
        assert.equal(await role('t1').getAttribute('title'), 'database: built-in role');
        // At 300 px the line wraps inside the sidebar instead of widening it.
        const box = await line.boundingBox();
        assert.ok(box && box.x + box.width <= 300, `the roles line fits: ${JSON.stringify(box)}`);
        await p.page.screenshot({ path: path.join(RESULTS_DIR, `sidebar-roles-${theme}.png`) });
      } finally {
        await p.close();
      }
    });
  }
});
