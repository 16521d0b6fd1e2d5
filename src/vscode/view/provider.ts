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
import { workspaceApplies } from './applyFeed';
import { onDidRollBackInOtherRun } from '../diff/applyHistoryPick';

export const SIDEBAR_VIEW_ID = 'squad.sidebar';

export class SidebarProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly recent: RecentRequests;
  private readonly publishers = new Set<ViewPublisher>();
  private readonly views = new Set<vscode.WebviewView>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly recentListener: vscode.Disposable;
  /** Per open view: sends it the workspace's apply history again. */
  private readonly appliesSenders = new Set<() => void>();

  constructor(private readonly services: Services) {
    this.recent = new RecentRequests(services.context.workspaceState);
    // From the start, not from the view's first showing: a request made from the palette before
    // the sidebar was ever opened is recent too. Listening does not load the host.
    this.recentListener = this.recent.follow(services.host.onDidEvent, () => this.each((p) => p.recentChanged()));
  }

  /** Subscribing loads the host (and restores the last run): done when the view first shows, not at activation. */
  private subscribe(): void {
    if (this.subscriptions.length > 0) return;
    const { host } = this.services;
    this.subscriptions.push(
      host.onDidEvent(({ event }) => {
        this.each((p) => p.onChange());
        if (event.type === 'changes.applied' || event.type === 'changes.rolledBack') this.refreshApplies();
      }),
      host.onDidChangeRun(() => this.each((p) => p.onChange())),
      onDidRollBackInOtherRun(() => this.refreshApplies()),
    );
  }

  /** Whether the user can see a Squad view now (never resolved counts as not visible). */
  isVisible(): boolean {
    for (const view of this.views) if (view.visible) return true;
    return false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.subscribe();
    this.views.add(view);
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
    const sendApplies = () =>
      void workspaceApplies(this.services).then(
        (applies) => post({ type: 'applies', applies }),
        (err: unknown) => log.warn(`sidebar: the apply history could not be read: ${err instanceof Error ? err.message : String(err)}`),
      );
    this.appliesSenders.add(sendApplies);
    const deps = {
      host,
      post,
      log,
      executeCommand: (command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args),
      ready: () => {
        publisher.onReady();
        sendApplies();
      },
      remember: (request: string) => this.remember(request),
    };
    const disposables = [
      view.webview.onDidReceiveMessage((raw: unknown) => void receive(raw, deps)),
      view.onDidChangeVisibility(() => {
        if (!view.visible) publisher.onHidden();
      }),
    ];
    view.onDidDispose(() => {
      this.views.delete(view);
      this.appliesSenders.delete(sendApplies);
      publisher.dispose();
      this.publishers.delete(publisher);
      for (const d of disposables) d.dispose();
    });
  }

  dispose(): void {
    for (const p of this.publishers) p.dispose();
    this.publishers.clear();
    for (const d of this.subscriptions) d.dispose();
    this.recentListener.dispose();
  }

  private async remember(request: string): Promise<void> {
    if (await this.recent.add(request)) this.each((p) => p.recentChanged());
  }

  private refreshApplies(): void {
    for (const send of this.appliesSenders) send();
  }

  private each(fn: (p: ViewPublisher) => void): void {
    for (const p of this.publishers) fn(p);
  }
}
