/**
 * The sidebar's WebviewViewProvider: the view's HTML and options, and the wiring between its
 * messages, the run host and the publisher. The webview does not retain its context when hidden:
 * it keeps its UI state with getState/setState and gets a fresh snapshot on `ready`.
 */
import * as vscode from 'vscode';
import type { ToWebviewInput } from '../../protocol/messages';
import type { Services } from '../services';
import { receive } from './dispatch';
import { createNonce, sidebarHtml } from './html';
import { ViewPublisher } from './publisher';
import { RecentRequests } from './recent';

export const SIDEBAR_VIEW_ID = 'squad.sidebar';

export class SidebarProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly recent: RecentRequests;
  private readonly publishers = new Set<ViewPublisher>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.recent = new RecentRequests(services.context.workspaceState);
  }

  /** Subscribing loads the host (and restores the last run): done when the view first shows, not at activation. */
  private subscribe(): void {
    if (this.subscriptions.length > 0) return;
    const { host } = this.services;
    this.subscriptions.push(
      host.onDidEvent(({ event }) => {
        // Requests from the palette count as recent too: every run starts with its request.
        if (event.type === 'run.started') void this.remember(event.request);
        this.each((p) => p.onChange());
      }),
      host.onDidChangeRun(() => this.each((p) => p.onChange())),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.subscribe();
    const { context, host, log } = this.services;
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = sidebarHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'sidebar.css')).toString(),
      nonce: createNonce(),
    });

    const post = (message: ToWebviewInput) => void view.webview.postMessage(message);
    const publisher = new ViewPublisher({ post, state: () => host.state, busy: () => host.busy, recent: () => this.recent.list() });
    this.publishers.add(publisher);
    const deps = {
      host,
      post,
      log,
      executeCommand: (command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args),
      ready: () => publisher.onReady(),
      remember: (request: string) => this.remember(request),
    };
    const disposables = [
      view.webview.onDidReceiveMessage((raw: unknown) => void receive(raw, deps)),
      view.onDidChangeVisibility(() => {
        if (!view.visible) publisher.onHidden();
      }),
    ];
    view.onDidDispose(() => {
      publisher.dispose();
      this.publishers.delete(publisher);
      for (const d of disposables) d.dispose();
    });
  }

  dispose(): void {
    for (const p of this.publishers) p.dispose();
    this.publishers.clear();
    for (const d of this.subscriptions) d.dispose();
  }

  private async remember(request: string): Promise<void> {
    if (await this.recent.add(request)) this.each((p) => p.recentChanged());
  }

  private each(fn: (p: ViewPublisher) => void): void {
    for (const p of this.publishers) fn(p);
  }
}
