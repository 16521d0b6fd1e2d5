import * as vscode from 'vscode';
import type { Services } from '../services';
import { notifyCompletionWhenHidden } from './completionNotice';
import { SIDEBAR_VIEW_ID, SidebarProvider } from './provider';

export { SIDEBAR_VIEW_ID } from './provider';

/** Registers the Squad sidebar (the `squad.sidebar` webview view contributed in package.json). */
export function registerSidebar(services: Services): void {
  const provider = new SidebarProvider(services);
  services.context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, provider),
    notifyCompletionWhenHidden(services.host, () => provider.isVisible()),
  );
}
