/** Reading VS Code's Markdown preview, a webview of its own next to the Squad view's. */
import type { VSCodeSession } from './harness';

/** The tab of Show Plan's preview. */
export const PLAN_PREVIEW_TAB = 'Preview Squad Plan.md';

/** The rendered text of every open Markdown preview (webviews whose page has a `.markdown-body`). */
export async function markdownPreviewText(vscode: VSCodeSession): Promise<string> {
  const texts: string[] = [];
  const frames = await vscode.page.locator('iframe.webview.ready').count();
  for (let i = 0; i < frames; i++) {
    const body = vscode.sidebarFrame(i).locator('body.markdown-body, .markdown-body').first();
    if ((await body.count().catch(() => 0)) === 0) continue;
    texts.push(await body.innerText({ timeout: 2_000 }).catch(() => ''));
  }
  return texts.join('\n');
}
